package io.selenehsm.server.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Sends what several threads offer at the same moment as one batch (group commit). An offer while
 * no send is in progress starts one: the offering thread sends (or hands the send to the executor
 * it names) what is queued, and again while more was queued meanwhile; an offer while a send is in
 * progress only queues its items for that send's next round. A lone offer is therefore sent at
 * once, with no timer and no added latency, and under load a message carries every item that waited
 * for it.
 *
 * <p>Design note (concurrency): this object's lock guards the queue and the sending flag only;
 * {@code send} runs outside it, on the one thread that holds the sending flag, so at most one
 * thread sends at a time (what a gRPC stream observer requires) and batches leave in the order they
 * were cut. Offering threads never wait for a send other than their own. {@code send} should not
 * throw; if it does, or the executor refuses the send, the flag is released so that the next offer
 * sends what is left.
 */
public final class GroupCommit<T> {
  private final Consumer<List<T>> send;
  private ArrayList<T> queued = new ArrayList<>(); // guarded by this
  private boolean sending; // guarded by this

  /** Sends batches through {@code send}, which receives a list it may keep. */
  public GroupCommit(Consumer<List<T>> send) {
    this.send = send;
  }

  /** Queues {@code item}, and sends it now on this thread unless a send is in progress. */
  public void offer(T item) {
    offer(item, Runnable::run);
  }

  /**
   * Queues {@code item}; unless a send is in progress, starts one on {@code sender}, which may run
   * it later (an event loop) so that what is offered meanwhile travels with it.
   */
  public void offer(T item, Executor sender) {
    synchronized (this) {
      queued.add(item);
      if (sending) {
        return;
      }
      sending = true;
    }
    start(sender);
  }

  /** Queues {@code items} to travel together, and sends them now unless a send is in progress. */
  public void offerAll(List<T> items) {
    synchronized (this) {
      queued.addAll(items);
      if (sending) {
        return;
      }
      sending = true;
    }
    drain();
  }

  private void start(Executor sender) {
    try {
      sender.execute(this::drain);
    } catch (RuntimeException refused) {
      synchronized (this) {
        sending = false;
      }
      throw refused;
    }
  }

  private void drain() {
    boolean done = false;
    try {
      while (true) {
        List<T> batch;
        synchronized (this) {
          if (queued.isEmpty()) {
            sending = false;
            done = true;
            return;
          }
          batch = queued;
          queued = new ArrayList<>(batch.size());
        }
        send.accept(batch);
      }
    } finally {
      if (!done) {
        synchronized (this) {
          sending = false;
        }
      }
    }
  }
}
