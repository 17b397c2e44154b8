package io.selenehsm.firmware.quorum;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * A PED driven by queues: iKeys to insert and PINs to type, consumed in order. Records every prompt
 * and every issued key. Thread-safe.
 */
public final class ScriptedPed implements Ped {
  private final Deque<IKey> keys = new ArrayDeque<>();
  private final Deque<String> pins = new ArrayDeque<>();
  private final List<String> prompts = new ArrayList<>();
  private final List<IKey> issued = new ArrayList<>();

  /** Queues iKeys to be presented. */
  public synchronized ScriptedPed insert(IKey... toInsert) {
    Collections.addAll(keys, toInsert);
    return this;
  }

  public synchronized ScriptedPed insert(List<IKey> toInsert) {
    keys.addAll(toInsert);
    return this;
  }

  /** Queues PINs to be typed, one per PIN-protected key presented. */
  public synchronized ScriptedPed type(String... toType) {
    Collections.addAll(pins, toType);
    return this;
  }

  @Override
  public synchronized List<IKey> present(IKeyColor color, int needed, String prompt) {
    prompts.add(prompt);
    List<IKey> out = new ArrayList<>();
    while (out.size() < needed && !keys.isEmpty()) {
      out.add(keys.poll());
    }
    return out;
  }

  /**
   * @throws HsmException {@code CKR_FUNCTION_CANCELED} when no PIN is queued
   */
  @Override
  public synchronized char[] pin(IKey key, String prompt) throws HsmException {
    prompts.add(prompt);
    String pin = pins.poll();
    if (pin == null) {
      throw new HsmException(Ckr.FUNCTION_CANCELED, "No PIN was entered for " + key);
    }
    return pin.toCharArray();
  }

  @Override
  public synchronized void issue(List<IKey> newKeys, String prompt) {
    prompts.add(prompt);
    issued.addAll(newKeys);
  }

  public synchronized List<String> prompts() {
    return List.copyOf(prompts);
  }

  public synchronized List<IKey> issued() {
    return List.copyOf(issued);
  }

  /** iKeys queued but not yet presented. */
  public synchronized int pendingKeys() {
    return keys.size();
  }
}
