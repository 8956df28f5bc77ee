package fr.mssnode.mail.web;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The APIs take small JSON bodies only: a body announced larger than the limit gets 413, a body without a length
 * (chunked) gets 411, before anything reads it or checks a password.
 */
public class RequestBodyLimit extends OncePerRequestFilter {
    private final long maxBytes;

    public RequestBodyLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (length > maxBytes) {
            refuse(response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                "The body has " + length + " bytes; the node's APIs take at most " + maxBytes + ".");
            return;
        }
        if (chunked && length < 0) {
            refuse(response, HttpStatus.LENGTH_REQUIRED, "Length required",
                "Send the body with a Content-Length (at most " + maxBytes + " bytes), not chunked.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, HttpStatus status, String title, String detail)
        throws IOException {
        response.setStatus(status.value());
        response.setHeader("Connection", "close");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
            + ",\"detail\":\"" + detail + "\"}");
    }
}
