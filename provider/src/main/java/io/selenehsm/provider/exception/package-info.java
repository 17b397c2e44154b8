/**
 * API. The provider's exceptions: {@link io.selenehsm.provider.exception.SeleneException} and
 * {@link io.selenehsm.provider.exception.SeleneCryptokiException}, both carrying the HSM's {@code
 * CKR_*} return code.
 */
package io.selenehsm.provider.exception;
