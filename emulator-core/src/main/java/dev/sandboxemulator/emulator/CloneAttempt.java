package dev.sandboxemulator.emulator;

/**
 * One copy that a clone request is about to make, as fault predicates see it.
 *
 * @param parentId the sandbox being cloned
 * @param cloneId the id the copy will have if it succeeds
 * @param index this copy's position in its request, from 0
 * @param count how many copies the request asked for
 */
public record CloneAttempt(String parentId, String cloneId, int index, int count) {
}
