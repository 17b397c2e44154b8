/**
 * Not API. The KeyStore type {@code SKS}: keys kept as SMK-sealed blobs in a blob store and
 * inserted into a partition on use, with the cache of inserted keys.
 */
package io.selenehsm.provider.sks;
