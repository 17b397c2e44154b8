package io.selenehsm.device;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;

/**
 * Object management: create, copy, find, read, change and destroy objects, per-key authorization,
 * random numbers.
 */
public sealed interface ObjectCall<R> extends SlotCall<R> {

  /** C_CreateObject. */
  record CreateObject(long session, Attributes template) implements ObjectCall<Long> {
    @Override
    public Long run(EngineAccess e) throws HsmException {
      return e.command(h -> h.createObject(session, template));
    }

    @Override
    public CreateObject withHandles(HandleMap map) throws HsmException {
      return new CreateObject(map.session(session), template);
    }
  }

  /** C_CopyObject. */
  record CopyObject(long session, long handle, Attributes template) implements ObjectCall<Long> {
    @Override
    public Long run(EngineAccess e) throws HsmException {
      return e.command(h -> h.copyObject(session, handle, template));
    }

    @Override
    public CopyObject withHandles(HandleMap map) throws HsmException {
      return new CopyObject(map.session(session), map.object(handle), template);
    }
  }

  /** C_DestroyObject. */
  record DestroyObject(long session, long handle) implements ObjectCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.destroyObject(session, handle));
    }

    @Override
    public DestroyObject withHandles(HandleMap map) throws HsmException {
      return new DestroyObject(map.session(session), map.object(handle));
    }
  }

  /** C_FindObjects: the handles of every object matching the template. */
  record FindObjects(long session, Attributes template) implements ObjectCall<List<Long>> {
    @Override
    public List<Long> run(EngineAccess e) throws HsmException {
      return e.command(h -> h.findObjects(session, template));
    }

    @Override
    public FindObjects withHandles(HandleMap map) throws HsmException {
      return new FindObjects(map.session(session), template);
    }
  }

  /** C_GetAttributeValue of one attribute. */
  record GetAttribute(long session, long handle, long attributeType) implements ObjectCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.getAttribute(session, handle, attributeType));
    }

    @Override
    public GetAttribute withHandles(HandleMap map) throws HsmException {
      return new GetAttribute(map.session(session), map.object(handle), attributeType);
    }
  }

  /** Every attribute the session may read. */
  record GetAttributes(long session, long handle) implements ObjectCall<Attributes> {
    @Override
    public Attributes run(EngineAccess e) throws HsmException {
      return e.command(h -> h.getAttributes(session, handle));
    }

    @Override
    public GetAttributes withHandles(HandleMap map) throws HsmException {
      return new GetAttributes(map.session(session), map.object(handle));
    }
  }

  /** C_GetObjectSize: the bytes the object takes in the partition's storage. */
  record GetObjectSize(long session, long handle) implements ObjectCall<Long> {
    @Override
    public Long run(EngineAccess e) throws HsmException {
      return e.command(h -> h.objectSize(session, handle));
    }

    @Override
    public GetObjectSize withHandles(HandleMap map) throws HsmException {
      return new GetObjectSize(map.session(session), map.object(handle));
    }
  }

  /** C_SetAttributeValue. */
  record SetAttributes(long session, long handle, Attributes change) implements ObjectCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.setAttributes(session, handle, change));
    }

    @Override
    public SetAttributes withHandles(HandleMap map) throws HsmException {
      return new SetAttributes(map.session(session), map.object(handle), change);
    }
  }

  /** C_GenerateRandom. */
  record GenerateRandom(long session, int length) implements ObjectCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.generateRandom(session, length));
    }

    @Override
    public GenerateRandom withHandles(HandleMap map) throws HsmException {
      return new GenerateRandom(map.session(session), length);
    }
  }

  /** CA_AuthorizeKey: authorizes a key for this login with its authorization data. */
  record AuthorizeKey(long session, long key, char[] authData) implements ObjectCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.keyAuthorization().authorizeKey(session, key, authData));
    }

    @Override
    public AuthorizeKey withHandles(HandleMap map) throws HsmException {
      return new AuthorizeKey(map.session(session), map.object(key), authData);
    }
  }

  /** CA_SetAuthorizationData: changes a key's authorization data, knowing the old one. */
  record SetAuthorizationData(long session, long key, char[] oldData, char[] newData)
      implements ObjectCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(
          h -> h.keyAuthorization().setAuthorizationData(session, key, oldData, newData));
    }

    @Override
    public SetAuthorizationData withHandles(HandleMap map) throws HsmException {
      return new SetAuthorizationData(map.session(session), map.object(key), oldData, newData);
    }
  }

  /** CA_ResetAuthorizationData: the Crypto Officer sets new data and clears the failure counter. */
  record ResetAuthorizationData(long session, long key, char[] newData)
      implements ObjectCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.keyAuthorization().resetAuthorizationData(session, key, newData));
    }

    @Override
    public ResetAuthorizationData withHandles(HandleMap map) throws HsmException {
      return new ResetAuthorizationData(map.session(session), map.object(key), newData);
    }
  }

  /** CA_AssignKey: the Crypto Officer makes a key usable by the users. */
  record AssignKey(long session, long key) implements ObjectCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.keyAuthorization().assignKey(session, key));
    }

    @Override
    public AssignKey withHandles(HandleMap map) throws HsmException {
      return new AssignKey(map.session(session), map.object(key));
    }
  }

  /** Consecutive failed authorizations of a key. */
  record FailedKeyAuthorizations(long session, long key) implements ObjectCall<Long> {
    @Override
    public Long run(EngineAccess e) throws HsmException {
      return e.command(h -> h.keyAuthorization().failedAuthorizations(session, key));
    }

    @Override
    public FailedKeyAuthorizations withHandles(HandleMap map) throws HsmException {
      return new FailedKeyAuthorizations(map.session(session), map.object(key));
    }
  }
}
