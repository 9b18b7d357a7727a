package dev.vitals.web;

import dev.vitals.api.ApiException;
import dev.vitals.api.Route;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The files pages load: stylesheets and scripts shipped in the jar under {@code dev/vitals/web/assets},
 * read once at start. A page links each with its digest ({@code /assets/vitals.css?v=3f2a...}), so a
 * browser may keep it for a year and still gets the new one after an upgrade; a request without the
 * right digest is answered, but must be checked again next time.
 */
final class Assets {
    /** Every file that may be served; a name not listed here is a 404, whatever the jar holds. */
    private static final List<String> FILES = List.of("vitals.css", "console.js");

    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    /** A file as served; a class, not a record, because its bytes are an array. */
    private static final class Asset {
        private final byte[] bytes;
        private final String type;
        private final String digest;

        Asset(byte[] bytes, String type, String digest) {
            this.bytes = bytes;
            this.type = type;
            this.digest = digest;
        }

        byte[] bytes() {
            return bytes;
        }

        String type() {
            return type;
        }

        String digest() {
            return digest;
        }
    }

    private final Map<String, Asset> files;

    Assets() {
        this.files = FILES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), Assets::load));
    }

    List<Route> routes() {
        return List.of(Route.get("/assets/{file}", this::serve));
    }

    /** The address to link a file by, with its digest. */
    String href(String name) {
        Asset a = files.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no asset named " + name + "; add it to Assets.FILES");
        }
        return "/assets/" + name + "?v=" + a.digest();
    }

    private void serve(Context ctx) {
        String name = ctx.pathParam("file");
        Asset a = Optional.ofNullable(files.get(name))
                .orElseThrow(() -> ApiException.notFound("no such file: /assets/" + name));
        String etag = "\"" + a.digest() + "\"";
        boolean versioned = a.digest().equals(ctx.queryParam("v"));
        ctx.header("Cache-Control", versioned ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.header("ETag", etag);
        ctx.header("X-Content-Type-Options", "nosniff");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.type()).result(a.bytes());
    }

    private static Asset load(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        String type = Optional.ofNullable(TYPES.get(ext))
                .orElseThrow(() -> new IllegalStateException("no content type known for asset " + name));
        try (InputStream in = Assets.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("asset " + name + " is missing from the jar");
            }
            byte[] bytes = in.readAllBytes();
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Asset(bytes, type, HexFormat.of().formatHex(d, 0, 8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
