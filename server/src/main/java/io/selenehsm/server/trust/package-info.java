/**
 * Network trust of the device service, as the vendor's network HSM does it: the server's own
 * self-signed certificate (created at first start, checked by fingerprint by the client's
 * operator), clients registered by certificate and assigned partitions, and the TLS contexts that
 * enforce both at the handshake. The Unix-socket listener needs none of this: it relies on the
 * permissions of the device directory on one host.
 */
package io.selenehsm.server.trust;
