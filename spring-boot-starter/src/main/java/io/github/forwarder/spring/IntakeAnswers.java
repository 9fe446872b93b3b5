package io.github.forwarder.spring;

import static io.github.forwarder.Settings.setting;

import io.github.forwarder.intake.EndpointGate;
import io.github.forwarder.intake.OversizeBodyAnswer;
import io.github.forwarder.intake.RouteNotRunningAnswer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the intake's paths on the host's servlet container, the answers Camel Main's Vert.x server gives there
 * (IntakeGates): 503 with Retry-After while the path's route does not run (a start, a stop, a paused route; Spring
 * would answer 404, which Sentry does not retry), and 413 for a body over forwarder.intake.maxBodyBytes, refused on
 * its Content-Length, or once a chunked body passes the limit (the container discards the rest).
 */
final class IntakeAnswers extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeAnswers.class);

    private final CamelContext context;
    private volatile long maxBodyBytes = -1;

    IntakeAnswers(CamelContext context) {
        this.context = context;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!EndpointGate.routeRuns(context, path)) {
            response.setHeader("Retry-After", RouteNotRunningAnswer.RETRY_AFTER_SECONDS);
            answer(response, RouteNotRunningAnswer.STATUS, RouteNotRunningAnswer.answer(path));
            return;
        }
        long limit = maxBodyBytes();
        long length = request.getContentLengthLong();
        if (length > limit) {
            refuse(response, limit);
        } else if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
            byte[] body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
            if (body.length > limit) {
                refuse(response, limit);
            } else {
                chain.doFilter(new ReadBody(request, body), response);
            }
        } else {
            chain.doFilter(request, response);
        }
    }

    private long maxBodyBytes() {
        if (maxBodyBytes < 0) {
            maxBodyBytes = Long.parseLong(setting(context.getPropertiesComponent(), "forwarder.intake.maxBodyBytes"));
        }
        return maxBodyBytes;
    }

    private static void refuse(HttpServletResponse response, long limit) throws IOException {
        LOG.info("Refused intake request: body over {} bytes", limit);
        answer(response, OversizeBodyAnswer.STATUS, OversizeBodyAnswer.answer(limit));
    }

    private static void answer(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A chunked body within the limit, read already. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
