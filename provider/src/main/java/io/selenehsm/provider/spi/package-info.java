/**
 * Not API. The JCA service implementations (Cipher, Signature, Mac, KeyGenerator, ...) and the
 * service table that registers them; every class but the table is package-private.
 */
package io.selenehsm.provider.spi;
