package io.selenehsm.device.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host names and {@code host[:port]} as {@code selene.conf} writes them: a DNS name, an IPv4
 * address in dotted decimal, or an IPv6 address (in brackets wherever a port may follow). Nothing
 * here resolves a name: checking a file must not depend on the network.
 */
final class HostAddress {
  /** The vendor's network HSM port, and Selene's device service's. */
  static final int DEFAULT_PORT = 1792;

  static final String PORT_RANGE = "expected a port, 1 to 65535";

  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern IPV4_PART = Pattern.compile("0|[1-9][0-9]{0,2}");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private HostAddress() {}

  /** A host and port read from {@code host[:port]}; {@code host} carries no brackets. */
  record HostPort(String host, int port) {}

  /** Why a value is not a usable address; the callers put it into a {@link ConfigException}. */
  static final class BadAddress extends Exception {
    private static final long serialVersionUID = 1L;

    BadAddress(String problem) {
      super(problem, null, false, false);
    }
  }

  /**
   * Reads {@code host[:port]} ({@code [v6]:port} for IPv6); the port is {@value #DEFAULT_PORT} when
   * absent.
   */
  static HostPort hostAndPort(String text) throws BadAddress {
    String host;
    Optional<String> port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new BadAddress("'[' without its ']' around an IPv6 address");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw new BadAddress("'" + rest + "' after ']' where ':port' or nothing belongs");
      }
      port = rest.isEmpty() ? Optional.empty() : Optional.of(rest.substring(1));
      if (host.indexOf(':') < 0 || ipv6(host).isEmpty()) {
        throw new BadAddress("'" + host + "' in brackets is not an IPv6 address");
      }
    } else {
      int colon = text.indexOf(':');
      if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
        throw new BadAddress("an IPv6 address is written in brackets, e.g. [::1]:1792");
      }
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? Optional.empty() : Optional.of(text.substring(colon + 1));
      host(host);
    }
    return new HostPort(host, port.isEmpty() ? DEFAULT_PORT : port(port.get()));
  }

  /**
   * Checks a host written alone (no port follows, so an IPv6 address may go without brackets) and
   * returns it without brackets.
   */
  static String host(String text) throws BadAddress {
    String host =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (host.isEmpty()) {
      throw new BadAddress("no host");
    }
    if (host.indexOf(':') >= 0) {
      if (ipv6(host).isEmpty()) {
        throw new BadAddress("'" + host + "' is not an IPv6 address");
      }
    } else if (DIGITS_AND_DOTS.matcher(host).matches()) {
      if (!isIpv4(host)) {
        throw new BadAddress("'" + host + "' is not an IPv4 address (four numbers 0 to 255)");
      }
    } else if (!isDnsName(host)) {
      throw new BadAddress(
          "'"
              + host
              + "' is not a host name (letters, digits and '-' in dot-separated labels of up to"
              + " 63 characters)");
    }
    return host;
  }

  /** A port number, 1 to 65535. */
  static int port(String text) throws BadAddress {
    if (!PORT.matcher(text).matches()) {
      throw new BadAddress("port '" + text + "' is not a number (" + PORT_RANGE + ")");
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw new BadAddress("port " + port + " is out of range (" + PORT_RANGE + ")");
    }
    return port;
  }

  /**
   * The form two spellings of one address share: names in lower case, IPv6 addresses in one
   * notation ({@code ::1} and {@code 0:0::1} agree; an IPv4-mapped one equals its IPv4 form). Names
   * are not resolved, so {@code localhost} and {@code 127.0.0.1} stay different.
   */
  static String canonical(String host) {
    return ipv6(host).orElse(host.toLowerCase(Locale.ROOT));
  }

  /** {@code host:port}, with brackets around an IPv6 host. */
  static String withPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** The canonical text of an IPv6 literal, or empty when {@code host} is not one. */
  private static Optional<String> ipv6(String host) {
    if (!IPV6_CHARACTERS.matcher(host).matches() || host.indexOf(':') < 0) {
      return Optional.empty();
    }
    try {
      // In brackets, InetAddress parses the literal and never asks DNS.
      return Optional.of(InetAddress.getByName("[" + host + "]").getHostAddress());
    } catch (UnknownHostException | IllegalArgumentException notAnAddress) {
      return Optional.empty();
    }
  }

  private static boolean isIpv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (!IPV4_PART.matcher(part).matches() || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDnsName(String host) {
    if (host.length() > 253) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
