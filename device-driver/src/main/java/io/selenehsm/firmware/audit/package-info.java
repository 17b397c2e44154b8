/**
 * The audit log: event categories and masks, records chained by HMAC-SHA256 under the HSM's log
 * secret, rotation, verification, and the secret's export and import between HSMs of one audit
 * domain.
 */
package io.selenehsm.firmware.audit;
