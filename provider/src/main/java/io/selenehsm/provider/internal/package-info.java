/**
 * Not API. What the provider's packages share: the context over the devices, tokens (one per slot)
 * with their session pools and pinned multi-part sessions, the objects behind keys and the bridge
 * to the key classes ({@code KeyAccess}), key import and templates, and the mapping of return codes
 * onto JCA exceptions. Public only so that the provider's other packages can use it.
 */
package io.selenehsm.provider.internal;
