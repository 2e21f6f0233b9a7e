package io.saasagent.coordination;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native image's Kubernetes registrations are the closure of the kinds the agent uses: a fabric8 upgrade that
 * adds a field type to a Pod, or a kind added to the roots, fails here with the names to add, not at run time in the
 * native image with a deserialization error.
 */
class KubernetesKindsTest {
    private static final String MODEL = "io.fabric8.kubernetes.api.model";

    @Test
    void theRegisteredNamesAreTheClosureOfTheRoots() throws Exception {
        Set<String> registered = new TreeSet<>(List.of(KubernetesKinds.class.getAnnotation(RegisterForReflection.class).classNames()));
        assertThat(registered).isEqualTo(closure(KubernetesKinds.ROOTS));
    }

    @Test
    void theClosureReachesWhatAPodHoldsAndItsSerializers() throws Exception {
        Set<String> pod = closure(List.of(Pod.class));
        assertThat(pod).contains(MODEL + ".Container", MODEL + ".ObjectMeta", MODEL + ".Quantity",
                MODEL + ".Quantity$Deserializer", MODEL + ".PodStatus");
        assertThat(pod).noneMatch(n -> n.endsWith("Builder") || n.endsWith("Fluent"));
    }

    /** Model classes reachable through declared field types (generic arguments included) and superclasses. */
    static Set<String> closure(List<Class<?>> roots) throws Exception {
        Set<String> names = new TreeSet<>();
        Deque<Type> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            Type t = queue.poll();
            if (t instanceof ParameterizedType p) {
                queue.add(p.getRawType());
                queue.addAll(List.of(p.getActualTypeArguments()));
                continue;
            }
            if (!(t instanceof Class<?> c)) {
                continue;
            }
            if (c.isArray()) {
                queue.add(c.getComponentType());
                continue;
            }
            if (!c.getName().startsWith(MODEL) || !names.add(c.getName())) {
                continue;
            }
            if (c.getSuperclass() != null) {
                queue.add(c.getSuperclass());
            }
            serializers(c.getAnnotations(), names);
            for (Field f : c.getDeclaredFields()) {
                queue.add(f.getGenericType());
                serializers(f.getAnnotations(), names);
            }
            for (Method m : c.getDeclaredMethods()) {
                serializers(m.getAnnotations(), names);
            }
        }
        return names;
    }

    /** The (de)serializers a {@code @JsonSerialize} or {@code @JsonDeserialize} names: Jackson creates them reflectively. */
    private static void serializers(Annotation[] annotations, Set<String> names) throws Exception {
        for (Annotation a : annotations) {
            String type = a.annotationType().getSimpleName();
            if (!type.equals("JsonSerialize") && !type.equals("JsonDeserialize")) {
                continue;
            }
            for (String member : List.of("using", "keyUsing", "contentUsing")) {
                Class<?> using = (Class<?>) a.annotationType().getMethod(member).invoke(a);
                if (using.getName().startsWith(MODEL)) {
                    names.add(using.getName());
                }
            }
        }
    }
}
