package fr.mssnode.mail.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import fr.mssnode.directory.DirectoryException;
import fr.mssnode.dossier.access.AccessRefused;
import fr.mssnode.dossier.access.InvalidRequest;
import fr.mssnode.dossier.audit.AuditUnavailable;

/** Refusals of the APIs (a bad parameter, an unknown id, a resource not for this account) as application/problem+json. */
@RestControllerAdvice
public class ApiProblems {

    /** Thrown by controllers for a resource that does not exist. */
    public static class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** Thrown by controllers for a parameter they cannot use. */
    public static class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** Thrown by controllers when the authenticated account may not see a resource that exists. */
    public static class Forbidden extends RuntimeException {
        public Forbidden(String message) {
            super(message);
        }
    }

    @ExceptionHandler({BadRequest.class, DirectoryException.class})
    ProblemDetail badRequest(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e);
    }

    @ExceptionHandler(Forbidden.class)
    ProblemDetail forbidden(Forbidden e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e);
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e);
    }

    @ExceptionHandler(fr.mssnode.dossier.access.NotFound.class)
    ProblemDetail notInDossier(fr.mssnode.dossier.access.NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e);
    }

    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalid(InvalidRequest e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e);
    }

    /** Refused by the access rules: 403 with the reason (409 when break-the-glass is asked by someone who reads already). */
    @ExceptionHandler(AccessRefused.class)
    ProblemDetail refused(AccessRefused e) {
        boolean already = e.reason() == AccessRefused.Reason.ALREADY_GRANTED;
        ProblemDetail problem = problem(already ? HttpStatus.CONFLICT : HttpStatus.FORBIDDEN,
            already ? "Already granted" : "Access refused", e);
        problem.setProperty("reason", e.reason().code());
        return problem;
    }

    /** No access is answered that the access history could not record. */
    @ExceptionHandler(AuditUnavailable.class)
    ProblemDetail auditUnavailable(AuditUnavailable e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
            "The access could not be recorded in the dossier's access history, so nothing is shown. Try again shortly.");
        problem.setTitle("Access history unavailable");
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String title, RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(title);
        return problem;
    }
}
