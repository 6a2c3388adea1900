package dev.featherman.gateway.api;

import dev.featherman.gateway.auth.Principal;
import dev.featherman.gateway.auth.TokenAuthenticator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs before a query's body is read: the token is checked first (an unauthenticated caller cannot
 * make the gateway parse anything), and the body is capped (a declared length over the cap is
 * refused at once; a chunked body stops being read at the cap). The authenticated principal is
 * handed to the controller as a request attribute.
 */
public final class RequestGuard extends OncePerRequestFilter {
  /** The request attribute holding the authenticated {@link Principal}. */
  public static final String PRINCIPAL = "dev.featherman.gateway.api.RequestGuard.principal";

  private final TokenAuthenticator authenticator;
  private final long maxBodyBytes;

  public RequestGuard(TokenAuthenticator authenticator, long maxBodyBytes) {
    this.authenticator = authenticator;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !path.equals("/query")
        && !path.startsWith("/v1/queries")
        && !path.startsWith("/v1/catalogs");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<Principal> principal =
        authenticator.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (principal.isEmpty()) {
      problem(
          response,
          request,
          HttpStatus.UNAUTHORIZED,
          "send a valid token as 'Authorization: Bearer <token>'");
      return;
    }
    request.setAttribute(PRINCIPAL, principal.get());
    if (isRowsUpload(request)) {
      // Rows are data, streamed to the lake under the ingest caps (limits.max-ingest-bytes).
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > maxBodyBytes) {
      problem(
          response,
          request,
          HttpStatus.PAYLOAD_TOO_LARGE,
          "the request body is "
              + request.getContentLengthLong()
              + " bytes; at most "
              + maxBodyBytes
              + " (featherman.gateway.limits.max-body-bytes)");
      return;
    }
    chain.doFilter(new Capped(request, maxBodyBytes), response);
  }

  /** POST /v1/catalogs/{c}/tables/{t}/rows: the one endpoint whose body is data, not a request. */
  static boolean isRowsUpload(HttpServletRequest request) {
    return "POST".equals(request.getMethod())
        && request.getRequestURI().startsWith("/v1/catalogs/")
        && request.getRequestURI().endsWith("/rows");
  }

  static void problem(
      HttpServletResponse response, HttpServletRequest request, HttpStatus status, String detail)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    if (status == HttpStatus.UNAUTHORIZED) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    String body =
        "{\"type\":\"about:blank\",\"title\":\""
            + status.getReasonPhrase()
            + "\",\"status\":"
            + status.value()
            + ",\"detail\":\""
            + detail.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\",\"instance\":\""
            + request.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}";
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Thrown when a body without a declared length grows past the cap. */
  public static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(long max) {
      super(
          "the request body is larger than "
              + max
              + " bytes (featherman.gateway.limits.max-body-bytes)");
    }
  }

  /** The request with its body readable only up to the cap. */
  private static final class Capped extends HttpServletRequestWrapper {
    private final long max;
    private ServletInputStream stream;

    Capped(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {
              private long read;

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0 && ++read > max) {
                  throw new BodyTooLargeException(max);
                }
                return b;
              }

              @Override
              public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0 && (read += n) > max) {
                  throw new BodyTooLargeException(max);
                }
                return n;
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
