/**
 * API ({@code selene-junit}). The {@link io.selenehsm.junit.SeleneHsm} JUnit 5 extension: an
 * initialised emulated HSM per test or class, a logged-in provider registered as {@code "Selene"},
 * and {@link io.selenehsm.junit.SeleneHsmAdmin} for what a test does around it.
 */
package io.selenehsm.junit;
