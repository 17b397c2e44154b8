package io.selenehsm.firmware.clone;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/**
 * Which partition generations may clone what to which, as the vendor documents it for firmware 7.7
 * and newer:
 *
 * <ul>
 *   <li>objects move from pre-7.7 partitions into V0, between V0 partitions, never back to pre-7.7
 *       partitions;
 *   <li>nothing moves between a V0 (or pre-7.7) partition and a V1 partition, either way;
 *   <li>a V1 partition clones outbound only its SKS master key (SMK), and only to another V1
 *       partition; its other objects travel as SKS blobs, never by cloning.
 * </ul>
 */
public final class CloningRules {
  private CloningRules() {}

  /** Source side: may a partition of {@code source} kind produce a payload of {@code kind}? */
  public static void checkOutbound(PartitionKind source, PayloadKind kind) throws HsmException {
    if (source == PartitionKind.V1 && kind == PayloadKind.OBJECT) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "a V1 partition clones outbound only"
              + " its SMK; its objects are replicated as SKS blobs, not by cloning");
    }
    if (source != PartitionKind.V1 && kind == PayloadKind.SMK) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "only a V1 partition has an SMK to clone;" + " this is a " + source);
    }
  }

  /** Target side: may a payload of {@code kind} from {@code source} enter {@code target}? */
  public static void checkDirection(PartitionKind source, PartitionKind target, PayloadKind kind)
      throws HsmException {
    checkOutbound(source, kind);
    if (target == PartitionKind.PRE_7_7 && source != PartitionKind.PRE_7_7) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "objects of a " + source + " cannot be cloned back to a pre-7.7 partition");
    }
    boolean sourceV1 = source == PartitionKind.V1;
    boolean targetV1 = target == PartitionKind.V1;
    if (sourceV1 != targetV1) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "cloning from a "
              + source
              + " into a "
              + target
              + " is not allowed: V1 partitions clone only with V1 partitions");
    }
  }
}
