package io.selenehsm.device.config;

/**
 * A {@code selene.conf} that cannot be used: bad syntax, an unknown section or key, or a value
 * outside its rule. The message names the source and, where there is one, the line, so an operator
 * can go straight to it: {@code selene.conf line 12: unknown key 'DefaultTimout' in section Luna}.
 */
public final class ConfigException extends Exception {
  private final String source;
  private final int line;
  private final String problem;

  /** A problem on one line of {@code source}; {@code line} counts from 1. */
  public ConfigException(String source, int line, String problem) {
    super(source + " line " + line + ": " + problem);
    this.source = source;
    this.line = line;
    this.problem = problem;
  }

  /** A problem with {@code source} as a whole, e.g. a file that cannot be read. */
  public ConfigException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
    this.line = 0;
    this.problem = problem;
  }

  /** The file path or name the configuration came from. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when it concerns the whole source. */
  public int line() {
    return line;
  }

  /** The message without the source and line prefix. */
  public String problem() {
    return problem;
  }
}
