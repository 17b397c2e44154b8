package io.selenehsm.device;

import io.selenehsm.firmware.audit.AuditConfig;
import io.selenehsm.firmware.audit.AuditStatus;
import io.selenehsm.firmware.audit.VerificationResult;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The audit log: configuration, time, domain, secrets, verification, rotation and application
 * messages.
 */
public sealed interface AuditCall<R> extends SlotCall<R> {

  /** The audit configuration. */
  record GetAuditConfig() implements AuditCall<AuditConfig> {
    @Override
    public AuditConfig run(EngineAccess e) throws HsmException {
      return e.command(h -> h.audit().config());
    }

    @Override
    public GetAuditConfig withHandles(HandleMap map) {
      return this;
    }
  }

  /**
   * Applies one audit setting: {@code path P}, {@code evmask ...}, {@code interval ...}, {@code
   * size n}.
   */
  record ConfigureAudit(long session, String setting) implements AuditCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.audit().configure(session, setting));
    }

    @Override
    public ConfigureAudit withHandles(HandleMap map) throws HsmException {
      return new ConfigureAudit(map.session(session), setting);
    }
  }

  /** The audit log's status. */
  record GetAuditStatus() implements AuditCall<AuditStatus> {
    @Override
    public AuditStatus run(EngineAccess e) throws HsmException {
      return e.command(h -> h.audit().status());
    }

    @Override
    public GetAuditStatus withHandles(HandleMap map) {
      return this;
    }
  }

  /** The time the audit log stamps records with. */
  record GetAuditTime() implements AuditCall<Instant> {
    @Override
    public Instant run(EngineAccess e) throws HsmException {
      return e.command(h -> h.audit().time());
    }

    @Override
    public GetAuditTime withHandles(HandleMap map) {
      return this;
    }
  }

  /** Sets the audit clock to the host's time. */
  record SyncAuditTime(long session, Instant hostTime) implements AuditCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.audit().syncTime(session, hostTime));
    }

    @Override
    public SyncAuditTime withHandles(HandleMap map) throws HsmException {
      return new SyncAuditTime(map.session(session), hostTime);
    }
  }

  /** Sets the audit domain (Auditor). */
  record SetAuditDomain(long session, String domain) implements AuditCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.audit().setDomain(session, domain));
    }

    @Override
    public SetAuditDomain withHandles(HandleMap map) throws HsmException {
      return new SetAuditDomain(map.session(session), domain);
    }
  }

  /** The log secret wrapped under the audit domain. */
  record ExportAuditSecret(long session) implements AuditCall<String> {
    @Override
    public String run(EngineAccess e) throws HsmException {
      return e.command(h -> h.audit().exportSecret(session));
    }

    @Override
    public ExportAuditSecret withHandles(HandleMap map) throws HsmException {
      return new ExportAuditSecret(map.session(session));
    }
  }

  /** Imports another HSM's log secret; returns that HSM's serial. */
  record ImportAuditSecret(long session, String file) implements AuditCall<String> {
    @Override
    public String run(EngineAccess e) throws HsmException {
      return e.command(h -> h.audit().importSecret(session, file));
    }

    @Override
    public ImportAuditSecret withHandles(HandleMap map) throws HsmException {
      return new ImportAuditSecret(map.session(session), file);
    }
  }

  /** Verifies audit log files, in order. */
  record VerifyAuditLog(long session, List<Path> files) implements AuditCall<VerificationResult> {
    @Override
    public VerificationResult run(EngineAccess e) throws HsmException {
      return e.command(h -> h.audit().verify(session, files));
    }

    @Override
    public VerifyAuditLog withHandles(HandleMap map) throws HsmException {
      return new VerifyAuditLog(map.session(session), files);
    }
  }

  /** Rotates the records held in the device into a file now. */
  record RotateAuditLog(long session) implements AuditCall<Optional<Path>> {
    @Override
    public Optional<Path> run(EngineAccess e) throws HsmException {
      return e.command(h -> h.audit().rotate(session));
    }

    @Override
    public RotateAuditLog withHandles(HandleMap map) throws HsmException {
      return new RotateAuditLog(map.session(session));
    }
  }

  /** The Auditor empties the in-device log buffer; returns the records discarded. */
  record ClearAuditLog(long session) implements AuditCall<Integer> {
    @Override
    public Integer run(EngineAccess e) throws HsmException {
      return e.command(h -> h.audit().clear(session));
    }

    @Override
    public ClearAuditLog withHandles(HandleMap map) throws HsmException {
      return new ClearAuditLog(map.session(session));
    }
  }

  /** CA_LogExternal: an application message written to the audit log. */
  record LogExternal(long session, String message) implements AuditCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.audit().logExternal(session, message));
    }

    @Override
    public LogExternal withHandles(HandleMap map) throws HsmException {
      return new LogExternal(map.session(session), message);
    }
  }
}
