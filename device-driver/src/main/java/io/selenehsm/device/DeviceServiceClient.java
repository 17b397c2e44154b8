package io.selenehsm.device;

import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How this process reaches devices that a device service ({@code selene-server}) serves, and how it
 * serves its own: found with {@link ServiceLoader}, provided by the selene-server module when it is
 * on the class path. Without it, every device opens in this process as before.
 */
public interface DeviceServiceClient {

  /** The provider on the class path, if any; looked up once. */
  static Optional<DeviceServiceClient> find() {
    return Holder.CLIENT;
  }

  /**
   * The devices a running server holds under {@code seleneHome}, reached through its Unix socket
   * there; empty when no server answers on that socket (none runs, or a stale socket file).
   */
  Optional<AttachedDevices> attachLocal(Path seleneHome, ClientConfig config, TimeSource time)
      throws HsmException;

  /**
   * The partitions a network server at {@code host:port} assigns to this client, over mutual TLS
   * with the certificates {@code config}'s {@code LunaSA Client} section names.
   */
  AttachedDevices connect(String host, int port, ClientConfig config, TimeSource time)
      throws HsmException;

  /**
   * Serves {@code manager}'s slots on the Unix socket under {@code seleneHome} until closed, so the
   * admin shell and other processes of this host can attach to an application's devices.
   */
  AutoCloseable serve(DeviceManager manager, Path seleneHome) throws HsmException;

  /** Lazy holder: the service lookup runs on first use only. */
  final class Holder {
    private static final Optional<DeviceServiceClient> CLIENT = load();

    private Holder() {}

    private static Optional<DeviceServiceClient> load() {
      Iterator<DeviceServiceClient> it =
          ServiceLoader.load(DeviceServiceClient.class, DeviceServiceClient.class.getClassLoader())
              .iterator();
      return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }
  }
}
