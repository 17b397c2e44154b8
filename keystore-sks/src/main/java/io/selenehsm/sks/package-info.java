/**
 * SKS blob storage outside the HSM: the {@link io.selenehsm.sks.BlobStore} SPI, the embedded
 * single-file store (H2 MVStore), the PostgreSQL store shared by many hosts, and the cache of keys
 * inserted into a partition. It knows nothing of HSMs or providers.
 */
package io.selenehsm.sks;
