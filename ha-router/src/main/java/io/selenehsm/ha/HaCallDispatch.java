package io.selenehsm.ha;

import io.selenehsm.device.AdminCall;
import io.selenehsm.device.AuditCall;
import io.selenehsm.device.CloningCall;
import io.selenehsm.device.CryptoCall;
import io.selenehsm.device.LoginCall;
import io.selenehsm.device.MultiPartCall;
import io.selenehsm.device.ObjectCall;
import io.selenehsm.device.SksCall;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.rc.HsmException;

/** Runs a call value through the group's typed methods. */
final class HaCallDispatch {
  private HaCallDispatch() {}

  @SuppressWarnings("unchecked") // each branch returns the call's own result type
  static <R> R dispatch(HaGroup g, SlotCall<R> c) throws HsmException {
    if (c instanceof LoginCall.OpenSession x) {
      return (R) (Object) g.openSession(x.appId(), x.readWrite());
    }
    if (c instanceof LoginCall.CloseSession x) {
      g.closeSession(x.session());
      return null;
    }
    if (c instanceof LoginCall.CloseAllSessions x) {
      g.closeAllSessions(x.appId());
      return null;
    }
    if (c instanceof LoginCall.GetSessionInfo x) {
      return (R) (Object) g.sessionInfo(x.session());
    }
    if (c instanceof LoginCall.Login x) {
      g.login(x.session(), x.role(), x.pin());
      return null;
    }
    if (c instanceof LoginCall.Logout x) {
      g.logout(x.session());
      return null;
    }
    if (c instanceof LoginCall.InitRole x) {
      g.initRole(x.session(), x.role(), x.pin());
      return null;
    }
    if (c instanceof LoginCall.ChangePin x) {
      g.changePin(x.session(), x.oldPin(), x.newPin());
      return null;
    }
    if (c instanceof LoginCall.ResetPin x) {
      g.resetPin(x.session(), x.target(), x.newPin());
      return null;
    }
    if (c instanceof LoginCall.LoginWithPed x) {
      g.loginWithPed(x.session(), x.role(), x.ped());
      return null;
    }
    if (c instanceof LoginCall.InitRoleWithPed x) {
      g.initRoleWithPed(x.session(), x.role(), x.ped(), x.m(), x.n());
      return null;
    }
    if (c instanceof LoginCall.CreateChallenge x) {
      g.createChallenge(x.session(), x.role(), x.challenge());
      return null;
    }
    if (c instanceof LoginCall.Deactivate x) {
      g.deactivate(x.session());
      return null;
    }
    if (c instanceof ObjectCall.CreateObject x) {
      return (R) (Object) g.createObject(x.session(), x.template());
    }
    if (c instanceof ObjectCall.CopyObject x) {
      return (R) (Object) g.copyObject(x.session(), x.handle(), x.template());
    }
    if (c instanceof ObjectCall.DestroyObject x) {
      g.destroyObject(x.session(), x.handle());
      return null;
    }
    if (c instanceof ObjectCall.FindObjects x) {
      return (R) (Object) g.findObjects(x.session(), x.template());
    }
    if (c instanceof ObjectCall.GetAttribute x) {
      return (R) (Object) g.getAttribute(x.session(), x.handle(), x.attributeType());
    }
    if (c instanceof ObjectCall.GetAttributes x) {
      return (R) (Object) g.getAttributes(x.session(), x.handle());
    }
    if (c instanceof ObjectCall.SetAttributes x) {
      g.setAttributes(x.session(), x.handle(), x.change());
      return null;
    }
    if (c instanceof ObjectCall.GenerateRandom x) {
      return (R) (Object) g.generateRandom(x.session(), x.length());
    }
    if (c instanceof ObjectCall.AuthorizeKey x) {
      g.authorizeKey(x.session(), x.key(), x.authData());
      return null;
    }
    if (c instanceof ObjectCall.SetAuthorizationData x) {
      g.setAuthorizationData(x.session(), x.key(), x.oldData(), x.newData());
      return null;
    }
    if (c instanceof ObjectCall.ResetAuthorizationData x) {
      g.resetAuthorizationData(x.session(), x.key(), x.newData());
      return null;
    }
    if (c instanceof ObjectCall.AssignKey x) {
      g.assignKey(x.session(), x.key());
      return null;
    }
    if (c instanceof ObjectCall.FailedKeyAuthorizations x) {
      return (R) (Object) g.failedKeyAuthorizations(x.session(), x.key());
    }
    if (c instanceof CryptoCall.GetMechanisms x) {
      return (R) (Object) g.mechanisms();
    }
    if (c instanceof CryptoCall.GetMechanismInfo x) {
      return (R) (Object) g.mechanismInfo(x.mechanism());
    }
    if (c instanceof CryptoCall.GenerateKey x) {
      return (R) (Object) g.generateKey(x.session(), x.mechanism(), x.template());
    }
    if (c instanceof CryptoCall.GenerateKeyPair x) {
      return (R)
          (Object)
              g.generateKeyPair(
                  x.session(), x.mechanism(), x.publicTemplate(), x.privateTemplate());
    }
    if (c instanceof CryptoCall.Sign x) {
      return (R) (Object) g.sign(x.session(), x.mechanism(), x.key(), x.data());
    }
    if (c instanceof CryptoCall.Verify x) {
      g.verify(x.session(), x.mechanism(), x.key(), x.data(), x.signature());
      return null;
    }
    if (c instanceof CryptoCall.VerifyWithPublicKey x) {
      g.verifyWithPublicKey(x.session(), x.mechanism(), x.key(), x.data(), x.signature());
      return null;
    }
    if (c instanceof CryptoCall.Encrypt x) {
      return (R) (Object) g.encrypt(x.session(), x.mechanism(), x.key(), x.data());
    }
    if (c instanceof CryptoCall.EncryptWithPublicKey x) {
      return (R) (Object) g.encryptWithPublicKey(x.session(), x.mechanism(), x.key(), x.data());
    }
    if (c instanceof CryptoCall.Decrypt x) {
      return (R) (Object) g.decrypt(x.session(), x.mechanism(), x.key(), x.data());
    }
    if (c instanceof CryptoCall.Digest x) {
      return (R) (Object) g.digest(x.session(), x.mechanism(), x.data());
    }
    if (c instanceof CryptoCall.SeedRandom x) {
      g.seedRandom(x.session(), x.seed());
      return null;
    }
    if (c instanceof CryptoCall.WrapKey x) {
      return (R) (Object) g.wrapKey(x.session(), x.mechanism(), x.wrappingKey(), x.key());
    }
    if (c instanceof CryptoCall.UnwrapKey x) {
      return (R)
          (Object)
              g.unwrapKey(x.session(), x.mechanism(), x.unwrappingKey(), x.wrapped(), x.template());
    }
    if (c instanceof CryptoCall.DeriveKey x) {
      return (R) (Object) g.deriveKey(x.session(), x.mechanism(), x.baseKey(), x.template());
    }
    if (c instanceof CryptoCall.Encapsulate x) {
      return (R) (Object) g.encapsulate(x.session(), x.mechanism(), x.publicKey(), x.template());
    }
    if (c instanceof CryptoCall.Decapsulate x) {
      return (R)
          (Object)
              g.decapsulate(
                  x.session(), x.mechanism(), x.privateKey(), x.ciphertext(), x.template());
    }
    if (c instanceof MultiPartCall.SignInit x) {
      g.signInit(x.session(), x.mechanism(), x.key());
      return null;
    }
    if (c instanceof MultiPartCall.SignUpdate x) {
      g.signUpdate(x.session(), x.data());
      return null;
    }
    if (c instanceof MultiPartCall.SignFinal x) {
      return (R) (Object) g.signFinal(x.session());
    }
    if (c instanceof MultiPartCall.SignInitialized x) {
      return (R) (Object) g.sign(x.session(), x.data());
    }
    if (c instanceof MultiPartCall.VerifyInit x) {
      g.verifyInit(x.session(), x.mechanism(), x.key());
      return null;
    }
    if (c instanceof MultiPartCall.VerifyUpdate x) {
      g.verifyUpdate(x.session(), x.data());
      return null;
    }
    if (c instanceof MultiPartCall.VerifyFinal x) {
      g.verifyFinal(x.session(), x.signature());
      return null;
    }
    if (c instanceof MultiPartCall.VerifyInitialized x) {
      g.verify(x.session(), x.data(), x.signature());
      return null;
    }
    if (c instanceof MultiPartCall.EncryptInit x) {
      return (R) (Object) g.encryptInit(x.session(), x.mechanism(), x.key());
    }
    if (c instanceof MultiPartCall.EncryptUpdate x) {
      return (R) (Object) g.encryptUpdate(x.session(), x.data());
    }
    if (c instanceof MultiPartCall.EncryptFinal x) {
      return (R) (Object) g.encryptFinal(x.session());
    }
    if (c instanceof MultiPartCall.EncryptInitialized x) {
      return (R) (Object) g.encrypt(x.session(), x.data());
    }
    if (c instanceof MultiPartCall.DecryptInit x) {
      g.decryptInit(x.session(), x.mechanism(), x.key());
      return null;
    }
    if (c instanceof MultiPartCall.DecryptUpdate x) {
      return (R) (Object) g.decryptUpdate(x.session(), x.data());
    }
    if (c instanceof MultiPartCall.DecryptFinal x) {
      return (R) (Object) g.decryptFinal(x.session());
    }
    if (c instanceof MultiPartCall.DecryptInitialized x) {
      return (R) (Object) g.decrypt(x.session(), x.data());
    }
    if (c instanceof MultiPartCall.DigestInit x) {
      g.digestInit(x.session(), x.mechanism());
      return null;
    }
    if (c instanceof MultiPartCall.DigestUpdate x) {
      g.digestUpdate(x.session(), x.data());
      return null;
    }
    if (c instanceof MultiPartCall.DigestKey x) {
      g.digestKey(x.session(), x.key());
      return null;
    }
    if (c instanceof MultiPartCall.DigestFinal x) {
      return (R) (Object) g.digestFinal(x.session());
    }
    if (c instanceof AdminCall.GetHsmInfo x) {
      return (R) (Object) g.hsmInfo();
    }
    if (c instanceof AdminCall.StmTransport x) {
      return (R) (Object) g.stmTransport(x.session());
    }
    if (c instanceof AdminCall.StmRecover x) {
      return (R) (Object) g.stmRecover(x.session(), x.randomUserString());
    }
    if (c instanceof AdminCall.StmVerificationString x) {
      return (R) (Object) g.stmVerificationString(x.session(), x.randomUserString());
    }
    if (c instanceof AdminCall.InitHsm x) {
      g.initHsm(x.session(), x.label(), x.soPin(), x.domain(), x.policyTemplate());
      return null;
    }
    if (c instanceof AdminCall.InitHsmWithPed x) {
      g.initHsmWithPed(
          x.session(), x.label(), x.domain(), x.policyTemplate(), x.ped(), x.m(), x.n());
      return null;
    }
    if (c instanceof AdminCall.Zeroize x) {
      g.zeroize(x.session());
      return null;
    }
    if (c instanceof AdminCall.FactoryReset x) {
      g.factoryReset();
      return null;
    }
    if (c instanceof AdminCall.GetHsmPolicies x) {
      return (R) (Object) g.hsmPolicies();
    }
    if (c instanceof AdminCall.ExportHsmPolicyTemplate x) {
      return (R) (Object) g.exportHsmPolicyTemplate();
    }
    if (c instanceof AdminCall.ChangeHsmPolicy x) {
      g.changeHsmPolicy(x.session(), x.policy(), x.value());
      return null;
    }
    if (c instanceof AdminCall.CreatePartition x) {
      g.createPartition(x.session(), x.targetSlot(), x.version());
      return null;
    }
    if (c instanceof AdminCall.DeletePartition x) {
      g.deletePartition(x.session(), x.targetSlot());
      return null;
    }
    if (c instanceof AdminCall.GetPartitionInfo x) {
      return (R) (Object) g.partitionInfo();
    }
    if (c instanceof AdminCall.GetPartitionPolicies x) {
      return (R) (Object) g.partitionPolicies();
    }
    if (c instanceof AdminCall.ExportPartitionPolicyTemplate x) {
      return (R) (Object) g.exportPartitionPolicyTemplate();
    }
    if (c instanceof AdminCall.InitPartition x) {
      g.initPartition(x.session(), x.label(), x.poPin(), x.domain(), x.policyTemplate());
      return null;
    }
    if (c instanceof AdminCall.InitPartitionWithPed x) {
      g.initPartitionWithPed(
          x.session(), x.label(), x.domain(), x.policyTemplate(), x.ped(), x.m(), x.n());
      return null;
    }
    if (c instanceof AdminCall.ChangePartitionPolicy x) {
      g.changePartitionPolicy(x.session(), x.policy(), x.value());
      return null;
    }
    if (c instanceof AdminCall.LastTamper x) {
      return (R) (Object) g.lastTamper();
    }
    if (c instanceof AdminCall.Restart x) {
      g.restart();
      return null;
    }
    if (c instanceof AdminCall.Utilization x) {
      return (R) (Object) g.utilization(x.session());
    }
    if (c instanceof AdminCall.ResetUtilization x) {
      g.resetUtilization(x.session());
      return null;
    }
    if (c instanceof AuditCall.GetAuditConfig x) {
      return (R) (Object) g.auditConfig();
    }
    if (c instanceof AuditCall.ConfigureAudit x) {
      g.configureAudit(x.session(), x.setting());
      return null;
    }
    if (c instanceof AuditCall.GetAuditStatus x) {
      return (R) (Object) g.auditStatus();
    }
    if (c instanceof AuditCall.GetAuditTime x) {
      return (R) (Object) g.auditTime();
    }
    if (c instanceof AuditCall.SyncAuditTime x) {
      g.syncAuditTime(x.session(), x.hostTime());
      return null;
    }
    if (c instanceof AuditCall.SetAuditDomain x) {
      g.setAuditDomain(x.session(), x.domain());
      return null;
    }
    if (c instanceof AuditCall.ExportAuditSecret x) {
      return (R) (Object) g.exportAuditSecret(x.session());
    }
    if (c instanceof AuditCall.ImportAuditSecret x) {
      return (R) (Object) g.importAuditSecret(x.session(), x.file());
    }
    if (c instanceof AuditCall.VerifyAuditLog x) {
      return (R) (Object) g.verifyAuditLog(x.session(), x.files());
    }
    if (c instanceof AuditCall.RotateAuditLog x) {
      return (R) (Object) g.rotateAuditLog(x.session());
    }
    if (c instanceof AuditCall.ClearAuditLog x) {
      return (R) (Object) g.clearAuditLog(x.session());
    }
    if (c instanceof AuditCall.LogExternal x) {
      g.logExternal(x.session(), x.message());
      return null;
    }
    if (c instanceof SksCall.GetSmkInfo x) {
      return (R) (Object) g.smkInfo(x.session());
    }
    if (c instanceof SksCall.RolloverSmk x) {
      g.rolloverSmk(x.session());
      return null;
    }
    if (c instanceof SksCall.SksExtractSize x) {
      return (R) (Object) g.sksExtractSize(x.session(), x.request());
    }
    if (c instanceof SksCall.SksExtract x) {
      return (R) (Object) g.sksExtract(x.session(), x.request());
    }
    if (c instanceof SksCall.SksInsert x) {
      return (R) (Object) g.sksInsert(x.session(), x.blob(), x.authorization());
    }
    if (c instanceof SksCall.SksInsertReplica x) {
      return (R) (Object) g.sksInsertReplica(x.session(), x.blob());
    }
    if (c instanceof SksCall.SksSignFromBlob x) {
      return (R)
          (Object)
              g.sksSignFromBlob(
                  x.session(), x.blob(), x.authorization(), x.mechanism(), x.inputs());
    }
    if (c instanceof CloningCall.CloningDomainFingerprint x) {
      return (R) (Object) g.cloningDomainFingerprint();
    }
    if (c instanceof CloningCall.SmkFingerprint x) {
      return (R) (Object) g.smkFingerprint();
    }
    if (c instanceof CloningCall.CloningTarget x) {
      return (R) (Object) g.cloningTarget(x.session());
    }
    if (c instanceof CloningCall.CloneObjectOut x) {
      return (R) (Object) g.cloneObjectOut(x.session(), x.handle(), x.target(), x.network());
    }
    if (c instanceof CloningCall.CloneObjectIn x) {
      return (R) (Object) g.cloneObjectIn(x.session(), x.payload(), x.network());
    }
    if (c instanceof CloningCall.CloneSmkOut x) {
      return (R) (Object) g.cloneSmkOut(x.session(), x.target(), x.network());
    }
    if (c instanceof CloningCall.CloneSmkIn x) {
      g.cloneSmkIn(x.session(), x.payload(), x.network());
      return null;
    }
    if (c instanceof CloningCall.BackupPartition x) {
      return (R)
          (Object)
              g.backupPartition(
                  x.session(), x.backupSlot(), x.backupSession(), x.container(), x.append());
    }
    if (c instanceof CloningCall.RestorePartition x) {
      return (R)
          (Object)
              g.restorePartition(x.session(), x.backupSlot(), x.backupSession(), x.container());
    }
    if (c instanceof CloningCall.ListBackups x) {
      return (R) (Object) g.listBackups(x.session());
    }
    if (c instanceof CloningCall.DeleteBackup x) {
      g.deleteBackup(x.session(), x.container());
      return null;
    }
    if (c instanceof ObjectCall.GetObjectSize x) {
      return (R) (Object) g.objectSize(x.session(), x.handle());
    }
    throw new IllegalStateException("no route for " + c.type());
  }
}
