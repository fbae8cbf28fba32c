package org.midirack.core.hosting;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The node types installed on the class path, found through {@link NodeFactory}. */
public final class NodeRegistry {
    private final List<NodeFactory> factories;

    private NodeRegistry(List<NodeFactory> factories) {
        factories.sort(Comparator.comparing(f -> f.descriptor().id()));
        this.factories = Collections.unmodifiableList(factories);
    }

    /** Loads every factory visible to the context class loader. @thread main */
    public static NodeRegistry load() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : NodeRegistry.class.getClassLoader());
    }

    /** @thread main */
    public static NodeRegistry load(ClassLoader loader) {
        List<NodeFactory> list = new ArrayList<>();
        for (NodeFactory f : ServiceLoader.load(NodeFactory.class, loader)) {
            list.add(f);
        }
        return new NodeRegistry(list);
    }

    /** Descriptors of every installed node type, sorted by id. @thread main */
    public List<NodeDescriptor> list() {
        List<NodeDescriptor> out = new ArrayList<>();
        for (NodeFactory f : factories) {
            out.add(f.descriptor());
        }
        return out;
    }

    /**
     * Creates a node by id or (case-insensitive) name.
     * @thread main
     * @throws IllegalArgumentException naming the request and the installed ids
     */
    public Node create(String idOrName) {
        for (NodeFactory f : factories) {
            if (f.descriptor().id().equals(idOrName)) {
                return f.create();
            }
        }
        for (NodeFactory f : factories) {
            if (f.descriptor().name().equalsIgnoreCase(idOrName)) {
                return f.create();
            }
        }
        List<String> ids = new ArrayList<>();
        for (NodeFactory f : factories) {
            ids.add(f.descriptor().id());
        }
        throw new IllegalArgumentException("no node type '" + idOrName + "' is installed; installed: " + ids);
    }
}
