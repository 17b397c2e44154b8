/**
 * The device service's wire form: the protobuf messages generated from {@code selene_device.proto}
 * live here, beside the hand-written mapping ({@link io.selenehsm.server.wire.CallCodec}) between
 * the Slot API's Java values and those messages.
 */
package io.selenehsm.server.wire;
