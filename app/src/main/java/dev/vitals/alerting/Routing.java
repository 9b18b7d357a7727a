package dev.vitals.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The routing stage: which receivers an alert's labels lead to, each with its grouping and timings,
 * and the path through the tree that led there, so that "why was I notified?" has an answer.
 */
public final class Routing {
    /**
     * Where an alert goes: the receiver, the route's grouping and timings, and the route's path as
     * child indexes from the root ({@code []} is the root, {@code [1, 0]} the first child of the
     * second).
     */
    public record Destination(String receiver, List<String> groupBy, RouteNode.Timings timings, List<Integer> path) {
        public Destination {
            groupBy = List.copyOf(groupBy);
            path = List.copyOf(path);
        }

        /** The path in words: {@code route} or {@code route.routes[1].routes[0]}. */
        public String describe() {
            StringBuilder b = new StringBuilder("route");
            for (int i : path) {
                b.append(".routes[").append(i).append(']');
            }
            return b.toString();
        }
    }

    private final RouteNode root;

    public Routing(RouteNode root) {
        this.root = root;
    }

    /** The destinations of an alert with these labels: at least one (the root catches everything). */
    public List<Destination> route(Map<String, String> labels) {
        List<Destination> out = new ArrayList<>();
        walk(root, labels, new ArrayList<>(), out);
        if (out.isEmpty()) {
            out.add(destination(root, List.of()));
        }
        return out;
    }

    /** Adds where {@code node} sends the alert; whether it matched at all. */
    private static boolean walk(RouteNode node, Map<String, String> labels, List<Integer> path, List<Destination> out) {
        if (!node.matches(labels)) {
            return false;
        }
        boolean child = false;
        for (int i = 0; i < node.routes().size(); i++) {
            path.add(i);
            boolean matched = walk(node.routes().get(i), labels, path, out);
            path.remove(path.size() - 1);
            if (matched) {
                child = true;
                if (!node.routes().get(i).continueMatching()) {
                    break;
                }
            }
        }
        if (!child) {
            out.add(destination(node, path));
        }
        return true;
    }

    private static Destination destination(RouteNode n, List<Integer> path) {
        return new Destination(n.receiver(), n.groupBy(), n.timings(), path);
    }
}
