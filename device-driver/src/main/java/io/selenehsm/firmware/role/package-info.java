/**
 * Roles and their credentials: who may log in where, password rules, login-failure counters and
 * lockouts, and the Argon2id hashing that also derives the keys a login opens.
 */
package io.selenehsm.firmware.role;
