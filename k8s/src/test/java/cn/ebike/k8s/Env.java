package cn.ebike.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Optional;

/** One container's environment variable and where its value comes from. */
record Env(EnvVar variable) {

    static Optional<Env> of(Container container, String name) {
        List<EnvVar> matching = container.getEnv().stream().filter(e -> e.getName().equals(name)).toList();
        return matching.size() == 1 ? Optional.of(new Env(matching.get(0))) : Optional.empty();
    }

    boolean isLiteral() {
        return variable.getValueFrom() == null;
    }

    boolean fromSecret() {
        return variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null;
    }

    /** "secret/key" for a secretKeyRef. */
    String secretRef() {
        var ref = variable.getValueFrom().getSecretKeyRef();
        return ref.getName() + "/" + ref.getKey();
    }

    /** The value, for literals and ConfigMap keys rendered in the same output. */
    Optional<String> value(Manifests manifests) {
        if (isLiteral()) {
            return Optional.ofNullable(variable.getValue());
        }
        var configMapRef = variable.getValueFrom().getConfigMapKeyRef();
        if (configMapRef != null) {
            return manifests.configMapValue(configMapRef.getName(), configMapRef.getKey());
        }
        return Optional.empty();
    }
}
