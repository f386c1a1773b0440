package org.camsink.resolver.blocking;

import java.time.Instant;
import org.camsink.resolver.blocking.format.ListContent;
import org.camsink.resolver.config.Config.ListAction;
import org.camsink.resolver.config.Config.ListSource;
import org.camsink.resolver.status.ListStatus;

/**
 * One list as currently in force: its content from the last good load, and the outcome of the latest attempt.
 *
 * @param loadedAt when the content was loaded, null when it never loaded
 * @param error    why the latest load failed, or null
 */
public record LoadedList(ListSource source, ListAction action, ListContent content, Instant loadedAt, String error) {

    public String id() {
        return source.id();
    }

    /** The action a list has when the config does not give one: its catalogue default, else block. */
    static ListAction actionFor(ListSource source, ListContent content) {
        if (source.action() != null) {
            return source.action();
        }
        return "log".equals(content.defaultAction()) ? ListAction.LOG : ListAction.BLOCK;
    }

    public ListStatus status() {
        return new ListStatus(id(), source.source(), action.name().toLowerCase(java.util.Locale.ROOT),
                content.domains().size(), content.ranges().size(), content.invalidLines(), loadedAt, error,
                content.problems().isEmpty() ? null : content.problems().getFirst());
    }

    LoadedList failed(String why) {
        return new LoadedList(source, action, content, loadedAt, why);
    }
}
