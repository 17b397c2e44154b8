package io.selenehsm.firmware.mech;

import static io.selenehsm.firmware.mech.Operation.DECAPSULATE;
import static io.selenehsm.firmware.mech.Operation.DECRYPT;
import static io.selenehsm.firmware.mech.Operation.DERIVE;
import static io.selenehsm.firmware.mech.Operation.DIGEST;
import static io.selenehsm.firmware.mech.Operation.ENCAPSULATE;
import static io.selenehsm.firmware.mech.Operation.ENCRYPT;
import static io.selenehsm.firmware.mech.Operation.GENERATE;
import static io.selenehsm.firmware.mech.Operation.GENERATE_KEY_PAIR;
import static io.selenehsm.firmware.mech.Operation.SIGN;
import static io.selenehsm.firmware.mech.Operation.UNWRAP;
import static io.selenehsm.firmware.mech.Operation.VERIFY;
import static io.selenehsm.firmware.mech.Operation.WRAP;

import io.selenehsm.firmware.mech.MechanismParams.None;
import io.selenehsm.firmware.object.Ckk;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The static table of every mechanism Selene implements. */
final class MechanismCatalog {
  private MechanismCatalog() {}

  private static final Set<Operation> SIGN_VERIFY = EnumSet.of(SIGN, VERIFY);
  private static final Set<Operation> CIPHER_WRAP = EnumSet.of(ENCRYPT, DECRYPT, WRAP, UNWRAP);
  private static final Set<Operation> CIPHER = EnumSet.of(ENCRYPT, DECRYPT);

  static List<MechanismSpec> all() {
    Table t = new Table();
    rsa(t);
    ec(t);
    others(t);
    symmetric(t);
    digestsAndDerivation(t);
    return List.copyOf(t.rows);
  }

  private static void rsa(Table t) {
    t.add(
        Ckm.RSA_PKCS_KEY_PAIR_GEN,
        "CKM_RSA_PKCS_KEY_PAIR_GEN",
        Ckk.RSA,
        1024,
        8192,
        Family.KEY_PAIR_GEN,
        null,
        "RSA",
        true,
        EnumSet.of(GENERATE_KEY_PAIR),
        None.class);
    t.add(
        Ckm.RSA_X9_31_KEY_PAIR_GEN,
        "CKM_RSA_X9_31_KEY_PAIR_GEN",
        Ckk.RSA,
        1024,
        8192,
        Family.KEY_PAIR_GEN,
        null,
        "RSA",
        true,
        EnumSet.of(GENERATE_KEY_PAIR),
        None.class);
    Set<Operation> pkcs1Ops = EnumSet.of(SIGN, VERIFY, ENCRYPT, DECRYPT, WRAP, UNWRAP);
    t.add(
        Ckm.RSA_PKCS,
        "CKM_RSA_PKCS",
        Ckk.RSA,
        1024,
        8192,
        Family.RSA_PKCS1_RAW_SIGN,
        null,
        "NONEwithRSA",
        true,
        pkcs1Ops,
        None.class);
    t.add(
        Ckm.RSA_X_509,
        "CKM_RSA_X_509",
        Ckk.RSA,
        1024,
        8192,
        Family.RSA_X509,
        null,
        "RSA/ECB/NoPadding",
        false,
        EnumSet.of(SIGN, VERIFY, ENCRYPT, DECRYPT),
        None.class);
    t.add(
        Ckm.RSA_PKCS_OAEP,
        "CKM_RSA_PKCS_OAEP",
        Ckk.RSA,
        1024,
        8192,
        Family.RSA_OAEP,
        null,
        "RSA/ECB/OAEPPadding",
        true,
        CIPHER_WRAP,
        OaepParams.class);
    t.add(
        Ckm.RSA_PKCS_PSS,
        "CKM_RSA_PKCS_PSS",
        Ckk.RSA,
        1024,
        8192,
        Family.RSA_PSS,
        null,
        "NONEwithRSASSA-PSS",
        true,
        SIGN_VERIFY,
        PssParams.class);
    t.add(
        Ckm.RSA_X9_31,
        "CKM_RSA_X9_31",
        Ckk.RSA,
        1024,
        8192,
        Family.RSA_X931,
        null,
        null,
        false,
        SIGN_VERIFY,
        None.class);
    pkcs1(t, Ckm.SHA1_RSA_PKCS, "CKM_SHA1_RSA_PKCS", Hash.SHA1);
    pkcs1(t, Ckm.SHA224_RSA_PKCS, "CKM_SHA224_RSA_PKCS", Hash.SHA224);
    pkcs1(t, Ckm.SHA256_RSA_PKCS, "CKM_SHA256_RSA_PKCS", Hash.SHA256);
    pkcs1(t, Ckm.SHA384_RSA_PKCS, "CKM_SHA384_RSA_PKCS", Hash.SHA384);
    pkcs1(t, Ckm.SHA512_RSA_PKCS, "CKM_SHA512_RSA_PKCS", Hash.SHA512);
    pkcs1(t, Ckm.SHA3_224_RSA_PKCS, "CKM_SHA3_224_RSA_PKCS", Hash.SHA3_224);
    pkcs1(t, Ckm.SHA3_256_RSA_PKCS, "CKM_SHA3_256_RSA_PKCS", Hash.SHA3_256);
    pkcs1(t, Ckm.SHA3_384_RSA_PKCS, "CKM_SHA3_384_RSA_PKCS", Hash.SHA3_384);
    pkcs1(t, Ckm.SHA3_512_RSA_PKCS, "CKM_SHA3_512_RSA_PKCS", Hash.SHA3_512);
    pss(t, Ckm.SHA1_RSA_PKCS_PSS, "CKM_SHA1_RSA_PKCS_PSS", Hash.SHA1);
    pss(t, Ckm.SHA224_RSA_PKCS_PSS, "CKM_SHA224_RSA_PKCS_PSS", Hash.SHA224);
    pss(t, Ckm.SHA256_RSA_PKCS_PSS, "CKM_SHA256_RSA_PKCS_PSS", Hash.SHA256);
    pss(t, Ckm.SHA384_RSA_PKCS_PSS, "CKM_SHA384_RSA_PKCS_PSS", Hash.SHA384);
    pss(t, Ckm.SHA512_RSA_PKCS_PSS, "CKM_SHA512_RSA_PKCS_PSS", Hash.SHA512);
    pss(t, Ckm.SHA3_224_RSA_PKCS_PSS, "CKM_SHA3_224_RSA_PKCS_PSS", Hash.SHA3_224);
    pss(t, Ckm.SHA3_256_RSA_PKCS_PSS, "CKM_SHA3_256_RSA_PKCS_PSS", Hash.SHA3_256);
    pss(t, Ckm.SHA3_384_RSA_PKCS_PSS, "CKM_SHA3_384_RSA_PKCS_PSS", Hash.SHA3_384);
    pss(t, Ckm.SHA3_512_RSA_PKCS_PSS, "CKM_SHA3_512_RSA_PKCS_PSS", Hash.SHA3_512);
    x931(t, Ckm.SHA1_RSA_X9_31, "CKM_SHA1_RSA_X9_31", Hash.SHA1);
    x931(t, Ckm.SHA224_RSA_X9_31, "CKM_SHA224_RSA_X9_31", Hash.SHA224);
    x931(t, Ckm.SHA256_RSA_X9_31, "CKM_SHA256_RSA_X9_31", Hash.SHA256);
    x931(t, Ckm.SHA384_RSA_X9_31, "CKM_SHA384_RSA_X9_31", Hash.SHA384);
    x931(t, Ckm.SHA512_RSA_X9_31, "CKM_SHA512_RSA_X9_31", Hash.SHA512);
  }

  private static void pkcs1(Table t, long id, String name, Hash h) {
    t.add(
        id,
        name,
        Ckk.RSA,
        1024,
        8192,
        Family.RSA_PKCS1_SIGN,
        h,
        h.signatureToken() + "withRSA",
        true,
        SIGN_VERIFY,
        None.class);
  }

  private static void pss(Table t, long id, String name, Hash h) {
    t.add(
        id,
        name,
        Ckk.RSA,
        1024,
        8192,
        Family.RSA_PSS,
        h,
        "RSASSA-PSS",
        true,
        SIGN_VERIFY,
        PssParams.class);
  }

  private static void x931(Table t, long id, String name, Hash h) {
    // FIPS 186-5 withdrew X9.31 signatures: legacy verification only, hence not approved.
    t.add(id, name, Ckk.RSA, 1024, 8192, Family.RSA_X931, h, null, false, SIGN_VERIFY, None.class);
  }

  private static void ec(Table t) {
    t.add(
        Ckm.EC_KEY_PAIR_GEN,
        "CKM_EC_KEY_PAIR_GEN",
        Ckk.EC,
        224,
        521,
        Family.KEY_PAIR_GEN,
        null,
        "EC",
        true,
        EnumSet.of(GENERATE_KEY_PAIR),
        None.class);
    t.add(
        Ckm.ECDSA,
        "CKM_ECDSA",
        Ckk.EC,
        224,
        521,
        Family.ECDSA,
        null,
        "NONEwithECDSA",
        true,
        SIGN_VERIFY,
        None.class,
        SignatureFormatParams.class);
    ecdsa(t, Ckm.ECDSA_SHA1, "CKM_ECDSA_SHA1", Hash.SHA1);
    ecdsa(t, Ckm.ECDSA_SHA224, "CKM_ECDSA_SHA224", Hash.SHA224);
    ecdsa(t, Ckm.ECDSA_SHA256, "CKM_ECDSA_SHA256", Hash.SHA256);
    ecdsa(t, Ckm.ECDSA_SHA384, "CKM_ECDSA_SHA384", Hash.SHA384);
    ecdsa(t, Ckm.ECDSA_SHA512, "CKM_ECDSA_SHA512", Hash.SHA512);
    ecdsa(t, Ckm.ECDSA_SHA3_224, "CKM_ECDSA_SHA3_224", Hash.SHA3_224);
    ecdsa(t, Ckm.ECDSA_SHA3_256, "CKM_ECDSA_SHA3_256", Hash.SHA3_256);
    ecdsa(t, Ckm.ECDSA_SHA3_384, "CKM_ECDSA_SHA3_384", Hash.SHA3_384);
    ecdsa(t, Ckm.ECDSA_SHA3_512, "CKM_ECDSA_SHA3_512", Hash.SHA3_512);
    t.add(
        Ckm.ECDH1_DERIVE,
        "CKM_ECDH1_DERIVE",
        Ckk.EC,
        224,
        521,
        Family.ECDH,
        null,
        "ECDH",
        true,
        EnumSet.of(DERIVE),
        EcdhParams.class);
    t.add(
        Ckm.ECDH1_COFACTOR_DERIVE,
        "CKM_ECDH1_COFACTOR_DERIVE",
        Ckk.EC,
        224,
        521,
        Family.ECDH,
        null,
        "ECDHC",
        true,
        EnumSet.of(DERIVE),
        EcdhParams.class);
    t.add(
        Ckm.EC_EDWARDS_KEY_PAIR_GEN,
        "CKM_EC_EDWARDS_KEY_PAIR_GEN",
        Ckk.EC_EDWARDS,
        255,
        448,
        Family.KEY_PAIR_GEN,
        null,
        "EdDSA",
        true,
        EnumSet.of(GENERATE_KEY_PAIR),
        None.class);
    t.add(
        Ckm.EC_MONTGOMERY_KEY_PAIR_GEN,
        "CKM_EC_MONTGOMERY_KEY_PAIR_GEN",
        Ckk.EC_MONTGOMERY,
        255,
        448,
        Family.KEY_PAIR_GEN,
        null,
        "XDH",
        true,
        EnumSet.of(GENERATE_KEY_PAIR),
        None.class);
    t.add(
        Ckm.EDDSA,
        "CKM_EDDSA",
        Ckk.EC_EDWARDS,
        255,
        448,
        Family.EDDSA,
        null,
        "EdDSA",
        true,
        SIGN_VERIFY,
        None.class,
        EddsaParams.class);
  }

  private static void ecdsa(Table t, long id, String name, Hash h) {
    t.add(
        id,
        name,
        Ckk.EC,
        224,
        521,
        Family.ECDSA,
        h,
        h.signatureToken() + "withECDSA",
        true,
        SIGN_VERIFY,
        None.class,
        SignatureFormatParams.class);
  }

  private static void others(Table t) {
    t.add(
        Ckm.DSA_KEY_PAIR_GEN,
        "CKM_DSA_KEY_PAIR_GEN",
        Ckk.DSA,
        2048,
        3072,
        Family.KEY_PAIR_GEN,
        null,
        "DSA",
        false,
        EnumSet.of(GENERATE_KEY_PAIR),
        None.class);
    // FIPS 186-5 keeps DSA for verification of existing signatures only.
    t.add(
        Ckm.DSA,
        "CKM_DSA",
        Ckk.DSA,
        1024,
        3072,
        Family.DSA,
        null,
        "NONEwithDSA",
        false,
        SIGN_VERIFY,
        None.class,
        SignatureFormatParams.class);
    dsa(t, Ckm.DSA_SHA1, "CKM_DSA_SHA1", Hash.SHA1);
    dsa(t, Ckm.DSA_SHA224, "CKM_DSA_SHA224", Hash.SHA224);
    dsa(t, Ckm.DSA_SHA256, "CKM_DSA_SHA256", Hash.SHA256);
    dsa(t, Ckm.DSA_SHA384, "CKM_DSA_SHA384", Hash.SHA384);
    dsa(t, Ckm.DSA_SHA512, "CKM_DSA_SHA512", Hash.SHA512);
    t.add(
        Ckm.ML_DSA_KEY_PAIR_GEN,
        "CKM_ML_DSA_KEY_PAIR_GEN",
        Ckk.ML_DSA,
        128,
        256,
        Family.KEY_PAIR_GEN,
        null,
        "ML-DSA",
        true,
        EnumSet.of(GENERATE_KEY_PAIR),
        None.class);
    t.add(
        Ckm.ML_DSA,
        "CKM_ML_DSA",
        Ckk.ML_DSA,
        128,
        256,
        Family.ML_DSA,
        null,
        "ML-DSA",
        true,
        SIGN_VERIFY,
        None.class,
        MlDsaParams.class);
    t.add(
        Ckm.ML_KEM_KEY_PAIR_GEN,
        "CKM_ML_KEM_KEY_PAIR_GEN",
        Ckk.ML_KEM,
        128,
        256,
        Family.KEY_PAIR_GEN,
        null,
        "ML-KEM",
        true,
        EnumSet.of(GENERATE_KEY_PAIR),
        None.class);
    t.add(
        Ckm.ML_KEM,
        "CKM_ML_KEM",
        Ckk.ML_KEM,
        128,
        256,
        Family.ML_KEM,
        null,
        "ML-KEM",
        true,
        EnumSet.of(ENCAPSULATE, DECAPSULATE),
        None.class);
  }

  private static void dsa(Table t, long id, String name, Hash h) {
    t.add(
        id,
        name,
        Ckk.DSA,
        1024,
        3072,
        Family.DSA,
        h,
        h.signatureToken() + "withDSA",
        false,
        SIGN_VERIFY,
        None.class,
        SignatureFormatParams.class);
  }

  private static void symmetric(Table t) {
    t.add(
        Ckm.AES_KEY_GEN,
        "CKM_AES_KEY_GEN",
        Ckk.AES,
        128,
        256,
        Family.KEY_GEN,
        null,
        "AES",
        true,
        EnumSet.of(GENERATE),
        None.class);
    t.add(
        Ckm.DES3_KEY_GEN,
        "CKM_DES3_KEY_GEN",
        Ckk.DES3,
        192,
        192,
        Family.KEY_GEN,
        null,
        "DESede",
        false,
        EnumSet.of(GENERATE),
        None.class);
    t.add(
        Ckm.GENERIC_SECRET_KEY_GEN,
        "CKM_GENERIC_SECRET_KEY_GEN",
        Ckk.GENERIC_SECRET,
        8,
        4096,
        Family.KEY_GEN,
        null,
        "GenericSecret",
        true,
        EnumSet.of(GENERATE),
        None.class);
    t.add(
        Ckm.AES_ECB,
        "CKM_AES_ECB",
        Ckk.AES,
        128,
        256,
        Family.BLOCK_CIPHER,
        null,
        "AES/ECB/NoPadding",
        true,
        CIPHER_WRAP,
        None.class);
    t.add(
        Ckm.AES_CBC,
        "CKM_AES_CBC",
        Ckk.AES,
        128,
        256,
        Family.BLOCK_CIPHER,
        null,
        "AES/CBC/NoPadding",
        true,
        CIPHER_WRAP,
        IvParams.class);
    t.add(
        Ckm.AES_CBC_PAD,
        "CKM_AES_CBC_PAD",
        Ckk.AES,
        128,
        256,
        Family.BLOCK_CIPHER,
        null,
        "AES/CBC/PKCS5Padding",
        true,
        CIPHER_WRAP,
        IvParams.class);
    t.add(
        Ckm.AES_CTR,
        "CKM_AES_CTR",
        Ckk.AES,
        128,
        256,
        Family.AES_CTR,
        null,
        "AES/CTR/NoPadding",
        true,
        CIPHER,
        CtrParams.class);
    t.add(
        Ckm.AES_GCM,
        "CKM_AES_GCM",
        Ckk.AES,
        128,
        256,
        Family.AES_GCM,
        null,
        "AES/GCM/NoPadding",
        true,
        CIPHER_WRAP,
        GcmParams.class);
    t.add(
        Ckm.AES_KEY_WRAP,
        "CKM_AES_KEY_WRAP",
        Ckk.AES,
        128,
        256,
        Family.AES_KW,
        null,
        "AES/KW/NoPadding",
        true,
        CIPHER_WRAP,
        None.class,
        IvParams.class);
    t.add(
        Ckm.AES_KEY_WRAP_KWP,
        "CKM_AES_KEY_WRAP_KWP",
        Ckk.AES,
        128,
        256,
        Family.AES_KWP,
        null,
        "AES/KWP/NoPadding",
        true,
        CIPHER_WRAP,
        None.class,
        IvParams.class);
    // Triple-DES encryption is disallowed after 2023 (SP 800-131A rev 2); FipsPolicy still
    // lets decryption and unwrapping of legacy data through.
    t.add(
        Ckm.DES3_ECB,
        "CKM_DES3_ECB",
        Ckk.DES3,
        192,
        192,
        Family.BLOCK_CIPHER,
        null,
        "DESede/ECB/NoPadding",
        false,
        CIPHER_WRAP,
        None.class);
    t.add(
        Ckm.DES3_CBC,
        "CKM_DES3_CBC",
        Ckk.DES3,
        192,
        192,
        Family.BLOCK_CIPHER,
        null,
        "DESede/CBC/NoPadding",
        false,
        CIPHER_WRAP,
        IvParams.class);
    t.add(
        Ckm.DES3_CBC_PAD,
        "CKM_DES3_CBC_PAD",
        Ckk.DES3,
        192,
        192,
        Family.BLOCK_CIPHER,
        null,
        "DESede/CBC/PKCS5Padding",
        false,
        CIPHER_WRAP,
        IvParams.class);
    t.add(
        Ckm.AES_CMAC,
        "CKM_AES_CMAC",
        Ckk.AES,
        128,
        256,
        Family.CMAC,
        null,
        "AESCMAC",
        true,
        SIGN_VERIFY,
        None.class);
    t.add(
        Ckm.AES_CMAC_GENERAL,
        "CKM_AES_CMAC_GENERAL",
        Ckk.AES,
        128,
        256,
        Family.CMAC,
        null,
        "AESCMAC",
        true,
        SIGN_VERIFY,
        MacLengthParams.class);
    t.add(
        Ckm.DES3_CMAC,
        "CKM_DES3_CMAC",
        Ckk.DES3,
        192,
        192,
        Family.CMAC,
        null,
        "DESEDECMAC",
        false,
        SIGN_VERIFY,
        None.class);
    t.add(
        Ckm.DES3_CMAC_GENERAL,
        "CKM_DES3_CMAC_GENERAL",
        Ckk.DES3,
        192,
        192,
        Family.CMAC,
        null,
        "DESEDECMAC",
        false,
        SIGN_VERIFY,
        MacLengthParams.class);
    t.add(
        Ckm.AES_GMAC,
        "CKM_AES_GMAC",
        Ckk.AES,
        128,
        256,
        Family.GMAC,
        null,
        "AES/GCM/NoPadding",
        true,
        SIGN_VERIFY,
        GmacParams.class);
    hmac(t, Ckm.SHA_1_HMAC, Ckm.SHA_1_HMAC_GENERAL, "SHA_1", Hash.SHA1);
    hmac(t, Ckm.SHA224_HMAC, Ckm.SHA224_HMAC_GENERAL, "SHA224", Hash.SHA224);
    hmac(t, Ckm.SHA256_HMAC, Ckm.SHA256_HMAC_GENERAL, "SHA256", Hash.SHA256);
    hmac(t, Ckm.SHA384_HMAC, Ckm.SHA384_HMAC_GENERAL, "SHA384", Hash.SHA384);
    hmac(t, Ckm.SHA512_HMAC, Ckm.SHA512_HMAC_GENERAL, "SHA512", Hash.SHA512);
    hmac(t, Ckm.SHA3_224_HMAC, Ckm.SHA3_224_HMAC_GENERAL, "SHA3_224", Hash.SHA3_224);
    hmac(t, Ckm.SHA3_256_HMAC, Ckm.SHA3_256_HMAC_GENERAL, "SHA3_256", Hash.SHA3_256);
    hmac(t, Ckm.SHA3_384_HMAC, Ckm.SHA3_384_HMAC_GENERAL, "SHA3_384", Hash.SHA3_384);
    hmac(t, Ckm.SHA3_512_HMAC, Ckm.SHA3_512_HMAC_GENERAL, "SHA3_512", Hash.SHA3_512);
  }

  private static void hmac(Table t, long id, long general, String token, Hash h) {
    String jca = "Hmac" + h.signatureToken();
    t.add(
        id,
        "CKM_" + token + "_HMAC",
        Ckk.GENERIC_SECRET,
        8,
        4096,
        Family.HMAC,
        h,
        jca,
        true,
        SIGN_VERIFY,
        None.class);
    t.add(
        general,
        "CKM_" + token + "_HMAC_GENERAL",
        Ckk.GENERIC_SECRET,
        8,
        4096,
        Family.HMAC,
        h,
        jca,
        true,
        SIGN_VERIFY,
        MacLengthParams.class);
  }

  private static void digestsAndDerivation(Table t) {
    for (Hash h : Hash.values()) {
      t.add(
          h.digestMechanism(),
          "CKM_" + h.name().replace("SHA1", "SHA_1"),
          -1,
          0,
          0,
          Family.DIGEST,
          h,
          h.jcaName(),
          true,
          EnumSet.of(DIGEST),
          None.class);
    }
    hashDerive(t, Ckm.SHA1_KEY_DERIVATION, "CKM_SHA1_KEY_DERIVATION", Hash.SHA1);
    hashDerive(t, Ckm.SHA224_KEY_DERIVATION, "CKM_SHA224_KEY_DERIVATION", Hash.SHA224);
    hashDerive(t, Ckm.SHA256_KEY_DERIVATION, "CKM_SHA256_KEY_DERIVATION", Hash.SHA256);
    hashDerive(t, Ckm.SHA384_KEY_DERIVATION, "CKM_SHA384_KEY_DERIVATION", Hash.SHA384);
    hashDerive(t, Ckm.SHA512_KEY_DERIVATION, "CKM_SHA512_KEY_DERIVATION", Hash.SHA512);
    t.add(
        Ckm.SP800_108_COUNTER_KDF,
        "CKM_SP800_108_COUNTER_KDF",
        Ckk.GENERIC_SECRET,
        8,
        4096,
        Family.SP800_108,
        null,
        null,
        true,
        EnumSet.of(DERIVE),
        KdfParams.class);
    t.add(
        Ckm.PKCS5_PBKD2,
        "CKM_PKCS5_PBKD2",
        -1,
        0,
        0,
        Family.PBKDF2,
        null,
        null,
        true,
        EnumSet.of(GENERATE),
        Pbkdf2Params.class);
    t.add(
        Ckm.SP800_90A_HMAC_DRBG,
        "CKM_SP800_90A_HMAC_DRBG",
        -1,
        0,
        0,
        Family.DRBG,
        Hash.SHA512,
        null,
        true,
        EnumSet.of(GENERATE),
        None.class);
    t.add(
        Ckm.SP800_90A_CTR_DRBG,
        "CKM_SP800_90A_CTR_DRBG",
        -1,
        0,
        0,
        Family.DRBG,
        null,
        null,
        true,
        EnumSet.of(GENERATE),
        None.class);
  }

  private static void hashDerive(Table t, long id, String name, Hash h) {
    // Not approved: SP 800-108/56C KDFs replace bare hashing of a key.
    t.add(
        id,
        name,
        Ckk.GENERIC_SECRET,
        8,
        4096,
        Family.HASH_DERIVE,
        h,
        h.jcaName(),
        false,
        EnumSet.of(DERIVE),
        None.class);
  }

  private static final class Table {
    final List<MechanismSpec> rows = new ArrayList<>();

    @SafeVarargs
    final void add(
        long id,
        String name,
        long keyType,
        int min,
        int max,
        Family family,
        Hash hash,
        String jca,
        boolean approved,
        Set<Operation> ops,
        Class<? extends MechanismParams>... params) {
      MechanismInfo info = new MechanismInfo(id, name, keyType, min, max, ops, approved);
      rows.add(new MechanismSpec(info, family, hash, jca, Set.of(params)));
    }
  }
}
