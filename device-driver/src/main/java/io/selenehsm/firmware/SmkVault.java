package io.selenehsm.firmware;

import io.selenehsm.firmware.rc.HsmException;
import java.util.Optional;

/**
 * Where a V1 partition's primary SKS master key (SMK) lives. The Scalable Key Storage engine owns
 * the SMK; cloning only moves it, through this seam, so SMK cloning, SMK backup and the HA group's
 * same-SMK check work with whatever SKS engine is attached ({@link HsmCloning#attachSmkVault}).
 * Until one is attached, no partition has an SMK.
 */
public interface SmkVault {
  /** The partition's primary SMK secret, or empty when it has none. */
  Optional<byte[]> primarySmk(int partitionId) throws HsmException;

  /** Replaces the partition's primary SMK (a partition joining an HA group takes the group's). */
  void installPrimarySmk(int partitionId, byte[] smk) throws HsmException;

  /** The vault of a device with no SKS engine: no partition holds an SMK, none can take one. */
  SmkVault NONE =
      new SmkVault() {
        @Override
        public Optional<byte[]> primarySmk(int partitionId) {
          return Optional.empty();
        }

        @Override
        public void installPrimarySmk(int partitionId, byte[] smk) throws HsmException {
          throw new HsmException(
              io.selenehsm.firmware.rc.Ckr.FUNCTION_NOT_SUPPORTED,
              "partition "
                  + partitionId
                  + " cannot take an SMK: no Scalable Key Storage engine is attached");
        }
      };
}
