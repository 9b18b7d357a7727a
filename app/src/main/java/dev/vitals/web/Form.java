package dev.vitals.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a form post. Only {@code application/x-www-form-urlencoded} bodies are read as forms
 * (what a browser's form sends); any other body counts as an empty form, so a JSON body can never be
 * taken for form fields by accident.
 */
final class Form {
    private final Map<String, List<String>> fields;

    private Form(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    static Form of(Context ctx) {
        return new Form(dev.vitals.api.Params.form(ctx));
    }

    /** The field as sent (passwords are not trimmed), or "" when missing. */
    String value(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    /** The field as sent (a password: spaces may be part of it), or empty when missing or empty. */
    Optional<String> exact(String name) {
        String v = value(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** The field without surrounding blanks, or empty when missing or blank. */
    Optional<String> text(String name) {
        String v = value(name).strip();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** Whether a checkbox was ticked: browsers send nothing for one that is not. */
    boolean checked(String name) {
        return !value(name).isEmpty();
    }

    /** A list typed into one field, separated by commas or spaces: "ops, finance". */
    List<String> words(String name) {
        return List.of(value(name).split("[,\\s]+")).stream()
                .filter(s -> !s.isBlank())
                .toList();
    }
}
