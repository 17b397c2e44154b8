package io.selenehsm.device;

import io.selenehsm.firmware.rc.HsmException;

/**
 * One call of the Slot API as a value: a closed set of records grouped by what a router needs to
 * know about them. {@link Slot#call} is the one entry point that executes a call; the typed methods
 * of {@link Slot} are thin defaults that build the value and call it.
 *
 * <ul>
 *   <li>A {@link DeviceSlot} runs a call on its device's engine ({@link #run}) with the command
 *       class (timeout) and slot scope its {@link #type} declares.
 *   <li>A {@link PlaceholderSlot} answers every call in one place.
 *   <li>An HA group routes by {@link #kind}, translating handles with {@link #withHandles}.
 *   <li>A remote device carries the same values, named by {@link #type}.
 * </ul>
 *
 * @param <R> what the call returns ({@link Void} for none)
 */
public sealed interface SlotCall<R>
    permits LoginCall,
        ObjectCall,
        CryptoCall,
        MultiPartCall,
        AdminCall,
        AuditCall,
        SksCall,
        CloningCall {

  /** The session of a call that runs without one. */
  long NO_SESSION = 0;

  /** Which call this is: its name, kind, scope and command class. */
  default CallType type() {
    return CallType.of(this);
  }

  default CallKind kind() {
    return type().kind();
  }

  default CallScope scope() {
    return type().scope();
  }

  /** The command's name in messages, as the admin shell spells it where it has one. */
  default String command() {
    return type().command();
  }

  default CommandClass commandClass() {
    return type().commandClass();
  }

  /** The session the call runs in, or {@link #NO_SESSION}. */
  default long session() {
    return NO_SESSION;
  }

  /** Runs the call on a device slot's engine; only a {@link DeviceSlot} can provide one. */
  R run(EngineAccess engine) throws HsmException;

  /**
   * The same call on other handles: its session and the objects it names, translated. Handles of
   * another slot the call carries (a Backup HSM's session) stay as they are.
   */
  SlotCall<R> withHandles(HandleMap map) throws HsmException;
}
