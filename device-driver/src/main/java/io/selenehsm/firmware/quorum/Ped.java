package io.selenehsm.firmware.quorum;

import io.selenehsm.firmware.rc.HsmException;
import java.util.List;

/**
 * The PIN entry device: the only path by which iKeys and their PINs reach the HSM. Implementations:
 * {@link ScriptedPed} for tests and scripts, {@link ConsolePed} for a person at a terminal.
 */
public interface Ped {

  /**
   * Asks for {@code needed} iKeys of {@code color} and returns those presented, in order. Fewer may
   * come back when the operator gives up; the caller decides what that means. Colours are not
   * checked here: the HSM checks what it is given.
   */
  List<IKey> present(IKeyColor color, int needed, String prompt) throws HsmException;

  /** Asks the holder of {@code key} for its PIN. The caller clears the returned array. */
  char[] pin(IKey key, String prompt) throws HsmException;

  /** Hands newly created iKeys to their holders (the PED writes them onto blank keys). */
  void issue(List<IKey> keys, String prompt) throws HsmException;
}
