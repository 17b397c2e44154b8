package io.selenehsm.firmware.rc;

/**
 * Cryptoki return values: the standard PKCS#11 codes and the vendor-defined ones this engine
 * returns. Names and meanings live in {@link ReturnCodes}; this class only holds the numbers so
 * that call sites read like the specification.
 *
 * <p>Standard codes follow PKCS#11 v2.40 and v3.0, plus two v1.x codes that the firmware mapping
 * still produces. Vendor codes take the values of the vendor return code table; the catalogue test
 * checks both against {@link ReturnCodes} and the seed tables.
 */
public final class Ckr {
  private Ckr() {}

  public static final long OK = 0x00000000L;
  public static final long CANCEL = 0x00000001L;
  public static final long HOST_MEMORY = 0x00000002L;
  public static final long SLOT_ID_INVALID = 0x00000003L;

  /** PKCS#11 v1.x; retired in v2.0 but still the mapping of LUNA_RET_FLAGS_INVALID. */
  public static final long FLAGS_INVALID = 0x00000004L;

  public static final long GENERAL_ERROR = 0x00000005L;
  public static final long FUNCTION_FAILED = 0x00000006L;
  public static final long ARGUMENTS_BAD = 0x00000007L;
  public static final long NO_EVENT = 0x00000008L;
  public static final long NEED_TO_CREATE_THREADS = 0x00000009L;
  public static final long CANT_LOCK = 0x0000000AL;
  public static final long ATTRIBUTE_READ_ONLY = 0x00000010L;
  public static final long ATTRIBUTE_SENSITIVE = 0x00000011L;
  public static final long ATTRIBUTE_TYPE_INVALID = 0x00000012L;
  public static final long ATTRIBUTE_VALUE_INVALID = 0x00000013L;
  public static final long ACTION_PROHIBITED = 0x0000001BL;
  public static final long DATA_INVALID = 0x00000020L;
  public static final long DATA_LEN_RANGE = 0x00000021L;
  public static final long DEVICE_ERROR = 0x00000030L;
  public static final long DEVICE_MEMORY = 0x00000031L;
  public static final long DEVICE_REMOVED = 0x00000032L;
  public static final long ENCRYPTED_DATA_INVALID = 0x00000040L;
  public static final long ENCRYPTED_DATA_LEN_RANGE = 0x00000041L;
  public static final long FUNCTION_CANCELED = 0x00000050L;
  public static final long FUNCTION_NOT_PARALLEL = 0x00000051L;
  public static final long FUNCTION_NOT_SUPPORTED = 0x00000054L;
  public static final long KEY_HANDLE_INVALID = 0x00000060L;
  public static final long KEY_SIZE_RANGE = 0x00000062L;
  public static final long KEY_TYPE_INCONSISTENT = 0x00000063L;
  public static final long KEY_NOT_NEEDED = 0x00000064L;
  public static final long KEY_CHANGED = 0x00000065L;
  public static final long KEY_NEEDED = 0x00000066L;
  public static final long KEY_INDIGESTIBLE = 0x00000067L;
  public static final long KEY_FUNCTION_NOT_PERMITTED = 0x00000068L;
  public static final long KEY_NOT_WRAPPABLE = 0x00000069L;
  public static final long KEY_UNEXTRACTABLE = 0x0000006AL;
  public static final long MECHANISM_INVALID = 0x00000070L;
  public static final long MECHANISM_PARAM_INVALID = 0x00000071L;
  public static final long OBJECT_HANDLE_INVALID = 0x00000082L;
  public static final long OPERATION_ACTIVE = 0x00000090L;
  public static final long OPERATION_NOT_INITIALIZED = 0x00000091L;
  public static final long PIN_INCORRECT = 0x000000A0L;
  public static final long PIN_INVALID = 0x000000A1L;
  public static final long PIN_LEN_RANGE = 0x000000A2L;
  public static final long PIN_EXPIRED = 0x000000A3L;
  public static final long PIN_LOCKED = 0x000000A4L;
  public static final long SESSION_CLOSED = 0x000000B0L;
  public static final long SESSION_COUNT = 0x000000B1L;

  /** PKCS#11 v1.x (exclusive sessions); kept by the vendor headers and LUNA_RET mapping. */
  public static final long SESSION_EXCLUSIVE_EXISTS = 0x000000B2L;

  public static final long SESSION_HANDLE_INVALID = 0x000000B3L;
  public static final long SESSION_PARALLEL_NOT_SUPPORTED = 0x000000B4L;
  public static final long SESSION_READ_ONLY = 0x000000B5L;
  public static final long SESSION_EXISTS = 0x000000B6L;
  public static final long SESSION_READ_ONLY_EXISTS = 0x000000B7L;
  public static final long SESSION_READ_WRITE_SO_EXISTS = 0x000000B8L;
  public static final long SIGNATURE_INVALID = 0x000000C0L;
  public static final long SIGNATURE_LEN_RANGE = 0x000000C1L;
  public static final long TEMPLATE_INCOMPLETE = 0x000000D0L;
  public static final long TEMPLATE_INCONSISTENT = 0x000000D1L;
  public static final long TOKEN_NOT_PRESENT = 0x000000E0L;
  public static final long TOKEN_NOT_RECOGNIZED = 0x000000E1L;
  public static final long TOKEN_WRITE_PROTECTED = 0x000000E2L;
  public static final long UNWRAPPING_KEY_HANDLE_INVALID = 0x000000F0L;
  public static final long UNWRAPPING_KEY_SIZE_RANGE = 0x000000F1L;
  public static final long UNWRAPPING_KEY_TYPE_INCONSISTENT = 0x000000F2L;
  public static final long USER_ALREADY_LOGGED_IN = 0x00000100L;
  public static final long USER_NOT_LOGGED_IN = 0x00000101L;
  public static final long USER_PIN_NOT_INITIALIZED = 0x00000102L;
  public static final long USER_TYPE_INVALID = 0x00000103L;
  public static final long USER_ANOTHER_ALREADY_LOGGED_IN = 0x00000104L;
  public static final long USER_TOO_MANY_TYPES = 0x00000105L;
  public static final long WRAPPED_KEY_INVALID = 0x00000110L;
  public static final long WRAPPED_KEY_LEN_RANGE = 0x00000112L;
  public static final long WRAPPING_KEY_HANDLE_INVALID = 0x00000113L;
  public static final long WRAPPING_KEY_SIZE_RANGE = 0x00000114L;
  public static final long WRAPPING_KEY_TYPE_INCONSISTENT = 0x00000115L;
  public static final long RANDOM_SEED_NOT_SUPPORTED = 0x00000120L;
  public static final long RANDOM_NO_RNG = 0x00000121L;
  public static final long DOMAIN_PARAMS_INVALID = 0x00000130L;
  public static final long CURVE_NOT_SUPPORTED = 0x00000140L;
  public static final long BUFFER_TOO_SMALL = 0x00000150L;
  public static final long SAVED_STATE_INVALID = 0x00000160L;
  public static final long INFORMATION_SENSITIVE = 0x00000170L;
  public static final long STATE_UNSAVEABLE = 0x00000180L;
  public static final long CRYPTOKI_NOT_INITIALIZED = 0x00000190L;
  public static final long CRYPTOKI_ALREADY_INITIALIZED = 0x00000191L;
  public static final long MUTEX_BAD = 0x000001A0L;
  public static final long MUTEX_NOT_LOCKED = 0x000001A1L;
  public static final long NEW_PIN_MODE = 0x000001B0L;
  public static final long NEXT_OTP = 0x000001B1L;
  public static final long EXCEEDED_MAX_ITERATIONS = 0x000001B5L;
  public static final long FIPS_SELF_TEST_FAILED = 0x000001B6L;
  public static final long LIBRARY_LOAD_FAILED = 0x000001B7L;
  public static final long PIN_TOO_WEAK = 0x000001B8L;
  public static final long PUBLIC_KEY_INVALID = 0x000001B9L;
  public static final long FUNCTION_REJECTED = 0x00000200L;
  public static final long TOKEN_RESOURCE_EXCEEDED = 0x00000201L;
  public static final long OPERATION_CANCEL_FAILED = 0x00000202L;
  public static final long KEY_EXHAUSTED = 0x00000203L;

  /** Base of the vendor-defined range (PKCS#11 CKR_VENDOR_DEFINED). */
  public static final long VENDOR_DEFINED = 0x80000000L;

  // Vendor-defined codes, values from the vendor return code table.
  public static final long RC_ERROR = 0x80000004L;
  public static final long CONTAINER_HANDLE_INVALID = 0x80000005L;
  public static final long TOO_MANY_CONTAINERS = 0x80000006L;
  public static final long USER_LOCKED_OUT = 0x80000007L;
  public static final long CLONING_PARAMETER_ALREADY_EXISTS = 0x80000008L;
  public static final long CLONING_PARAMETER_MISSING = 0x80000009L;
  public static final long CERTIFICATE_DATA_MISSING = 0x8000000AL;
  public static final long CERTIFICATE_DATA_INVALID = 0x8000000BL;
  public static final long ACCEL_DEVICE_ERROR = 0x8000000CL;
  public static final long WRAPPING_ERROR = 0x8000000DL;
  public static final long UNWRAPPING_ERROR = 0x8000000EL;
  public static final long MAC_MISSING = 0x8000000FL;
  public static final long DAC_POLICY_PID_MISMATCH = 0x80000010L;
  public static final long DAC_MISSING = 0x80000011L;
  public static final long BAD_DAC = 0x80000012L;
  public static final long SSK_MISSING = 0x80000013L;
  public static final long BAD_MAC = 0x80000014L;
  public static final long DAK_MISSING = 0x80000015L;
  public static final long BAD_DAK = 0x80000016L;
  public static final long SIM_AUTHORIZATION_FAILED = 0x80000017L;
  public static final long SIM_VERSION_UNSUPPORTED = 0x80000018L;
  public static final long SIM_CORRUPT_DATA = 0x80000019L;
  public static final long USER_NOT_AUTHORIZED = 0x8000001AL;

  /**
   * Vendor value. PKCS#11 v2.40 and v3.0 do not define this name, so there is no clash; were a
   * standard value ever assigned, the vendor value would still win here because the emulated device
   * returns the vendor numbering and host applications compare against it.
   */
  public static final long MAX_OBJECT_COUNT_EXCEEDED = 0x8000001BL;

  public static final long SO_LOGIN_FAILURE_THRESHOLD = 0x8000001CL;
  public static final long SIM_AUTHFORM_INVALID = 0x8000001DL;
  public static final long CITS_DAK_MISSING = 0x8000001EL;
  public static final long UNABLE_TO_CONNECT = 0x8000001FL;
  public static final long PARTITION_DISABLED = 0x80000020L;
  public static final long CALLBACK_ERROR = 0x80000021L;
  public static final long SECURITY_PARAMETER_MISSING = 0x80000022L;
  public static final long SP_TIMEOUT = 0x80000023L;
  public static final long TIMEOUT = 0x80000024L;
  public static final long ECC_UNKNOWN_CURVE = 0x80000025L;
  public static final long MTK_ZEROIZED = 0x80000026L;
  public static final long MTK_STATE_INVALID = 0x80000027L;
  public static final long INVALID_ENTRY_TYPE = 0x80000028L;
  public static final long MTK_SPLIT_INVALID = 0x80000029L;
  public static final long HSM_STORAGE_FULL = 0x8000002AL;
  public static final long DEVICE_TIMEOUT = 0x8000002BL;
  public static final long CONTAINER_OBJECT_STORAGE_FULL = 0x8000002CL;
  public static final long PED_CLIENT_NOT_RUNNING = 0x8000002DL;
  public static final long PED_UNPLUGGED = 0x8000002EL;
  public static final long ECC_POINT_INVALID = 0x8000002FL;
  public static final long OPERATION_NOT_ALLOWED = 0x80000030L;
  public static final long LICENSE_CAPACITY_EXCEEDED = 0x80000031L;
  public static final long LOG_FILE_NOT_OPEN = 0x80000032L;
  public static final long LOG_FILE_WRITE_ERROR = 0x80000033L;
  public static final long LOG_BAD_FILE_NAME = 0x80000034L;
  public static final long LOG_FULL = 0x80000035L;
  public static final long LOG_NO_KCV = 0x80000036L;
  public static final long LOG_BAD_RECORD_HMAC = 0x80000037L;
  public static final long LOG_BAD_TIME = 0x80000038L;
  public static final long LOG_AUDIT_NOT_INITIALIZED = 0x80000039L;
  public static final long LOG_RESYNC_NEEDED = 0x8000003AL;
  public static final long AUDIT_LOGIN_TIMEOUT_IN_PROGRESS = 0x8000003BL;
  public static final long AUDIT_LOGIN_FAILURE_THRESHOLD = 0x8000003CL;
  public static final long INVALID_FUF_TARGET = 0x8000003DL;
  public static final long INVALID_FUF_HEADER = 0x8000003EL;
  public static final long INVALID_FUF_VERSION = 0x8000003FL;
  public static final long ECC_ECC_RESULT_AT_INF = 0x80000040L;
  public static final long AGAIN = 0x80000041L;
  public static final long TOKEN_COPIED = 0x80000042L;
  public static final long SLOT_NOT_EMPTY = 0x80000043L;
  public static final long USER_ALREADY_ACTIVATED = 0x80000044L;
  public static final long STC_NO_CONTEXT = 0x80000045L;
  public static final long STC_CLIENT_IDENTITY_NOT_CONFIGURED = 0x80000046L;
  public static final long STC_PARTITION_IDENTITY_NOT_CONFIGURED = 0x80000047L;
  public static final long STC_DH_KEYGEN_ERROR = 0x80000048L;
  public static final long STC_CIPHER_SUITE_REJECTED = 0x80000049L;
  public static final long STC_DH_KEY_NOT_FROM_SAME_GROUP = 0x8000004AL;
  public static final long STC_COMPUTE_DH_KEY_ERROR = 0x8000004BL;
  public static final long STC_FIRST_PHASE_KDF_ERROR = 0x8000004CL;
  public static final long STC_SECOND_PHASE_KDF_ERROR = 0x8000004DL;
  public static final long STC_KEY_CONFIRMATION_FAILED = 0x8000004EL;
  public static final long STC_NO_SESSION_KEY = 0x8000004FL;
  public static final long STC_RESPONSE_BAD_MAC = 0x80000050L;
  public static final long STC_NOT_ENABLED = 0x80000051L;
  public static final long STC_CLIENT_HANDLE_INVALID = 0x80000052L;
  public static final long STC_SESSION_INVALID = 0x80000053L;
  public static final long STC_CONTAINER_INVALID = 0x80000054L;
  public static final long STC_SEQUENCE_NUM_INVALID = 0x80000055L;
  public static final long STC_NO_CHANNEL = 0x80000056L;
  public static final long STC_RESPONSE_DECRYPT_ERROR = 0x80000057L;
  public static final long STC_RESPONSE_REPLAYED = 0x80000058L;
  public static final long STC_REKEY_CHANNEL_MISMATCH = 0x80000059L;
  public static final long STC_RSA_ENCRYPT_ERROR = 0x8000005AL;
  public static final long STC_RSA_SIGN_ERROR = 0x8000005BL;
  public static final long STC_RSA_DECRYPT_ERROR = 0x8000005CL;
  public static final long STC_RESPONSE_UNEXPECTED_KEY = 0x8000005DL;
  public static final long STC_UNEXPECTED_NONCE_PAYLOAD_SIZE = 0x8000005EL;
  public static final long STC_UNEXPECTED_DH_DATA_SIZE = 0x8000005FL;
  public static final long STC_OPEN_CIPHER_MISMATCH = 0x80000060L;
  public static final long STC_OPEN_DHNIST_PUBKEY_ERROR = 0x80000061L;
  public static final long STC_OPEN_KEY_MATERIAL_GEN_FAIL = 0x80000062L;
  public static final long STC_OPEN_RESP_GEN_FAIL = 0x80000063L;
  public static final long STC_ACTIVATE_MACTAG_U_VERIFY_FAIL = 0x80000064L;
  public static final long STC_ACTIVATE_MACTAG_V_GEN_FAIL = 0x80000065L;
  public static final long STC_ACTIVATE_RESP_GEN_FAIL = 0x80000066L;
  public static final long CHALLENGE_INCORRECT = 0x80000067L;

  /**
   * The vendor table lists this name twice, at 0x80000068 and 0x80000400. 0x68 fits the sequential
   * vendor numbering and the vendor headers; 0x80000400 equals LUNA_RET_SM_ACCESS_ID_INVALID and
   * looks like a firmware code passed through. The constant takes 0x68; {@link ReturnCodes#nameOf}
   * still names both codes.
   */
  public static final long ACCESS_ID_INVALID = 0x80000068L;

  public static final long ACCESS_ID_ALREADY_EXISTS = 0x80000069L;
  public static final long KEY_NOT_KEKABLE = 0x8000006AL;
  public static final long MECHANISM_INVALID_FOR_FP = 0x8000006BL;
  public static final long OPERATION_INVALID_FOR_FP = 0x8000006CL;
  public static final long SESSION_HANDLE_INVALID_FOR_FP = 0x8000006DL;
  public static final long CMD_NOT_ALLOWED_HSM_IN_TRANSPORT = 0x8000006EL;
  public static final long OBJECT_ALREADY_EXISTS = 0x8000006FL;
  public static final long PARTITION_ROLE_DESC_VERSION_INVALID = 0x80000070L;
  public static final long PARTITION_ROLE_POLICY_VERSION_INVALID = 0x80000071L;
  public static final long PARTITION_ROLE_POLICY_SET_VERSION_INVALID = 0x80000072L;
  public static final long REKEK_KEY = 0x80000073L;
  public static final long KEK_RETRY_FAILURE = 0x80000074L;
  public static final long RNG_RESEED_TOO_EARLY = 0x80000075L;
  public static final long HSM_TAMPERED = 0x80000076L;
  public static final long CONFIG_CHANGE_ILLEGAL = 0x80000077L;
  public static final long SESSION_CONTEXT_NOT_ALLOCATED = 0x80000078L;
  public static final long SESSION_CONTEXT_ALREADY_ALLOCATED = 0x80000079L;
  public static final long INVALID_BL_ITB_AUTH_HEADER = 0x8000007AL;

  /** Out of sequence: values carried over from another of the vendor's product lines. */
  public static final long OBJECT_READ_ONLY = 0x80000114L;

  public static final long KEY_NOT_ACTIVE = 0x80000136L;

  /** The 0x800016xx block reuses firmware numbering: LUNA_RET_XTC_ERROR is also 0x80001600. */
  public static final long XTC_ERROR = 0x80001600L;

  public static final long CONTEXT_INVALID = 0x80001601L;
  public static final long MAX_SESSION_COUNT = 0x80001603L;
  public static final long BUSY = 0x80001604L;
  public static final long NETWORK_ERROR = 0x80001605L;
  public static final long SERVICE_UNAVAILABLE = 0x80001606L;
}
