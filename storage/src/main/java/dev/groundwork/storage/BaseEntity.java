package dev.groundwork.storage;

import java.util.Optional;
import org.hibernate.proxy.HibernateProxy;

/** Proxy-safe equality for entities: two entities are equal when they are the same row. */
public abstract class BaseEntity {

    public abstract Long getId();

    public Optional<Long> id() {
        return Optional.ofNullable(getId());
    }

    @Override
    public final boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other == null || effectiveClass(this) != effectiveClass(other)) {
            return false;
        }
        Long id = getId();
        return id != null && id.equals(((BaseEntity) other).getId());
    }

    @Override
    public final int hashCode() {
        return effectiveClass(this).hashCode();
    }

    private static Class<?> effectiveClass(Object o) {
        return o instanceof HibernateProxy proxy
                ? proxy.getHibernateLazyInitializer().getPersistentClass()
                : o.getClass();
    }
}
