package io.selenehsm.firmware;

import io.selenehsm.firmware.object.HsmObject;

/**
 * A session's permission to use one key for one usage attribute, decided by the full checks of
 * {@link HsmCrypto} (visibility, key class, usage attribute, login, pending password change,
 * partition initialized, nothing sealed) and remembered with what the decision depended on, so the
 * next single-part operation on the same key only confirms that none of it changed ({@link
 * Hsm#stillGranted}). Usage counting and limits are never cached; per-key authorization (partition
 * policy 40 for users) and the use that commits an uncommitted key to data or key use are never
 * granted here and always take the full path (signing with an uncommitted key commits nothing and
 * is granted; a later commit replaces the object, so the grant goes stale).
 *
 * <p>Design note (concurrency): immutable, published through a plain field of the {@link Session};
 * a thread reads either an older or a newer grant, both complete (final fields), and either is
 * re-validated against the live state before use, so a stale read costs a full check, never a wrong
 * answer. The login epoch is read before the decision is made, so a login change racing the
 * decision leaves a grant that is already stale.
 */
record KeyUseGrant(
    long handle,
    long usage,
    Partition partition,
    PartitionRecord record,
    HsmObject object,
    long loginEpoch) {}
