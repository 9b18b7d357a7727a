package dev.vitals.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One row of the route table: method, path (Javalin syntax, {@code {id}} for parameters), handler. */
public record Route(HandlerType method, String path, Handler handler) {
    public static Route get(String path, Handler h) {
        return new Route(HandlerType.GET, path, h);
    }

    public static Route post(String path, Handler h) {
        return new Route(HandlerType.POST, path, h);
    }

    public static Route put(String path, Handler h) {
        return new Route(HandlerType.PUT, path, h);
    }

    public static Route delete(String path, Handler h) {
        return new Route(HandlerType.DELETE, path, h);
    }
}
