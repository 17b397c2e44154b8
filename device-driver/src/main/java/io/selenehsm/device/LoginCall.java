package io.selenehsm.device;

import io.selenehsm.firmware.SessionInfo;
import io.selenehsm.firmware.quorum.Ped;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;

/**
 * Sessions and logins: open and close sessions, log roles in and out, manage role secrets (password
 * and PED).
 */
public sealed interface LoginCall<R> extends SlotCall<R> {

  /** C_OpenSession for application {@code appId}; the new session's handle. */
  record OpenSession(long appId, boolean readWrite) implements LoginCall<Long> {
    @Override
    public Long run(EngineAccess e) throws HsmException {
      return e.command(h -> h.openSession(e.partition(), appId, readWrite));
    }

    @Override
    public OpenSession withHandles(HandleMap map) {
      return this;
    }
  }

  /** C_CloseSession. */
  record CloseSession(long session) implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.closeSession(session));
    }

    @Override
    public CloseSession withHandles(HandleMap map) throws HsmException {
      return new CloseSession(map.session(session));
    }
  }

  /** C_CloseAllSessions of one application. */
  record CloseAllSessions(long appId) implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.closeAllSessions(e.partition(), appId));
    }

    @Override
    public CloseAllSessions withHandles(HandleMap map) {
      return this;
    }
  }

  /** C_GetSessionInfo. */
  record GetSessionInfo(long session) implements LoginCall<SessionInfo> {
    @Override
    public SessionInfo run(EngineAccess e) throws HsmException {
      return e.command(h -> h.sessionInfo(session));
    }

    @Override
    public GetSessionInfo withHandles(HandleMap map) throws HsmException {
      return new GetSessionInfo(map.session(session));
    }
  }

  /** C_Login. */
  record Login(long session, Role role, char[] pin) implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.login(session, role, pin));
    }

    @Override
    public Login withHandles(HandleMap map) throws HsmException {
      return new Login(map.session(session), role, pin);
    }
  }

  /** C_Logout. */
  record Logout(long session) implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.logout(session));
    }

    @Override
    public Logout withHandles(HandleMap map) throws HsmException {
      return new Logout(map.session(session));
    }
  }

  /** C_InitPIN and its kin: creates a role's secret. */
  record InitRole(long session, Role role, char[] pin) implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.initRole(session, role, pin));
    }

    @Override
    public InitRole withHandles(HandleMap map) throws HsmException {
      return new InitRole(map.session(session), role, pin);
    }
  }

  /** C_SetPIN: the logged-in role changes its own secret. */
  record ChangePin(long session, char[] oldPin, char[] newPin) implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.changePin(session, oldPin, newPin));
    }

    @Override
    public ChangePin withHandles(HandleMap map) throws HsmException {
      return new ChangePin(map.session(session), oldPin, newPin);
    }
  }

  /** Resets another role's secret. */
  record ResetPin(long session, Role target, char[] newPin) implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.resetPin(session, target, newPin));
    }

    @Override
    public ResetPin withHandles(HandleMap map) throws HsmException {
      return new ResetPin(map.session(session), target, newPin);
    }
  }

  /** Logs a quorum-authenticated role in through the PED. */
  record LoginWithPed(long session, Role role, Ped ped) implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.quorum().login(session, role, ped));
    }

    @Override
    public LoginWithPed withHandles(HandleMap map) throws HsmException {
      return new LoginWithPed(map.session(session), role, ped);
    }
  }

  /** Creates a role whose secret is split M-of-N onto iKeys the PED hands out. */
  record InitRoleWithPed(long session, Role role, Ped ped, int m, int n)
      implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.quorum().initRole(session, role, ped, m, n));
    }

    @Override
    public InitRoleWithPed withHandles(HandleMap map) throws HsmException {
      return new InitRoleWithPed(map.session(session), role, ped, m, n);
    }
  }

  /** Sets the challenge secret applications use while a PED role is activated. */
  record CreateChallenge(long session, Role role, char[] challenge) implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.quorum().createChallenge(session, role, challenge));
    }

    @Override
    public CreateChallenge withHandles(HandleMap map) throws HsmException {
      return new CreateChallenge(map.session(session), role, challenge);
    }
  }

  /** Ends the activation of the session's role (all roles for the Partition SO). */
  record Deactivate(long session) implements LoginCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.quorum().deactivate(session));
    }

    @Override
    public Deactivate withHandles(HandleMap map) throws HsmException {
      return new Deactivate(map.session(session));
    }
  }
}
