/**
 * Not API. {@code selenecm}, the administration shell: the vendor's command families ({@code slot},
 * {@code hsm}, {@code role}, {@code partition}, {@code stm}, {@code audit}, {@code sks}, {@code
 * hagroup}, {@code clientconfig}) over the driver's slots, scripted or interactive. Its command
 * language is the contract, not its classes; {@code SeleneCm} is its entry point.
 */
package io.selenehsm.cm;
