package io.vnode.reconciler.adapter.web;

import io.vnode.reconciler.app.UsageStore;
import io.vnode.reconciler.domain.UsageReport;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /usage?namespace=&from=&to=[&format=csv]}: the usage this instance has recorded, clipped
 * to the period, as JSON or CSV ({@code Accept: text/csv} or {@code format=csv}).
 */
@RestController
public class UsageController {

    public static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

    private final UsageStore store;

    public UsageController(UsageStore store) {
        this.store = store;
    }

    @GetMapping(path = "/usage")
    public ResponseEntity<?> usage(@RequestParam(required = false) String namespace,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String format,
                                   @RequestHeader(name = "Accept", required = false) String accept) {
        UsageReport report = UsageReport.of(store.all(), blankToNull(namespace), instant("from", from), instant("to", to));
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (csv) {
            return ResponseEntity.ok().contentType(TEXT_CSV).body(report.toCsv());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", e.getMessage()));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an RFC 3339 UTC time like 2026-11-23T10:00:00Z, got '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
