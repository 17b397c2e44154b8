package io.selenehsm.server;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.server.client.RemoteDevices;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Every connection the server has: created when a transport is ready (after the TLS handshake on
 * TCP), found for each call by the interceptor and put in the call's context, and ended, with its
 * sessions, when the transport terminates (the client closed, crashed or was cut off).
 *
 * <p>Design note (concurrency): gRPC calls the transport callbacks and the interceptor on its own
 * threads; connections live in a concurrent map keyed by an id stored in the transport's
 * attributes, so lookup takes no lock.
 */
final class Connections extends ServerTransportFilter implements ServerInterceptor {
  private static final Attributes.Key<Long> CONNECTION_ID = Attributes.Key.create("selene-conn");
  private static final Context.Key<ClientConnection> CURRENT = Context.key("selene-client");

  /** Decides who a TLS peer is and what it may reach; null refuses it. */
  interface Admission {
    /** The admitted client's name and slot filter, or null when the certificate is unknown. */
    Admitted admit(X509Certificate peer);
  }

  /** A client the admission accepted. */
  record Admitted(String name, Predicate<Integer> slots) {}

  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Long, ClientConnection> open = new ConcurrentHashMap<>();
  private final ServerLimits limits;
  private final TimeSource time;
  private final Admission admission;

  Connections(ServerLimits limits, TimeSource time, Admission admission) {
    this.limits = limits;
    this.time = time;
    this.admission = admission;
  }

  /** The connection of the call running on this thread, or null when it was refused. */
  static ClientConnection current() {
    return CURRENT.get();
  }

  List<ClientConnection> all() {
    return List.copyOf(open.values());
  }

  @Override
  public Attributes transportReady(Attributes attrs) {
    long id = nextId.getAndIncrement();
    Object remote = attrs.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    String address = String.valueOf(remote);
    SSLSession tls = attrs.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    ClientConnection c;
    if (tls == null) {
      c =
          new ClientConnection(
              id, ClientConnection.LOCAL_PREFIX + id, "unix socket", null, limits, time.instant());
      c.reachable(slot -> true);
    } else {
      X509Certificate peer = peer(tls);
      Admitted a = peer == null ? null : admission.admit(peer);
      // The handshake's trust manager already refused unknown certificates; a client deleted
      // between its handshake and now reaches no slot, and its calls are refused.
      c =
          new ClientConnection(
              id, a == null ? "unregistered" : a.name(), address, peer, limits, time.instant());
      c.reachable(a == null ? slot -> false : a.slots());
    }
    open.put(id, c);
    return attrs.toBuilder().set(CONNECTION_ID, id).build();
  }

  private static X509Certificate peer(SSLSession tls) {
    try {
      Certificate[] chain = tls.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  @Override
  public void transportTerminated(Attributes attrs) {
    if (attrs == null) {
      // A transport refused at the TLS handshake never became ready: nothing was opened for it.
      return;
    }
    Long id = attrs.get(CONNECTION_ID);
    if (id != null) {
      ClientConnection c = open.remove(id);
      if (c != null) {
        c.close();
      }
    }
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    Long id = call.getAttributes().get(CONNECTION_ID);
    ClientConnection c = id == null ? null : open.get(id);
    if (c == null) {
      call.close(Status.UNAVAILABLE.withDescription("the connection is closing"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    String process = headers.get(RemoteDevices.CLIENT_PROCESS);
    if (process != null) {
      c.describeLocal(process);
    }
    if (c.peer() != null && !readmit(c)) {
      call.close(
          Status.PERMISSION_DENIED.withDescription(
              "client " + c.name() + " is no longer registered with this server"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(CURRENT, c), call, headers, next);
  }

  /** Whether {@code c} may still call: same-host clients always, TLS clients while registered. */
  boolean stillAdmitted(ClientConnection c) {
    return c.peer() == null || readmit(c);
  }

  /**
   * Checks a TLS client against the registry again, as every call does: a client deleted since it
   * connected is refused, and partitions assigned or revoked since then apply from this call on.
   */
  private boolean readmit(ClientConnection c) {
    Admitted a = admission.admit(c.peer());
    if (a == null) {
      return false;
    }
    c.reachable(a.slots());
    return true;
  }

  /** Closes every connection's sessions (the server is stopping). */
  void closeAll() {
    for (Long id : List.copyOf(open.keySet())) {
      ClientConnection c = open.remove(id);
      if (c != null) {
        c.close();
      }
    }
  }
}
