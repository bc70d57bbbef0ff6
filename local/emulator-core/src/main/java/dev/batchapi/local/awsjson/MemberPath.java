package dev.batchapi.local.awsjson;

/**
 * Where a member sits in a request, written as AWS's validation messages write it: members in lower
 * camel case, list elements numbered from 1, e.g. {@code steps.1.member.name}.
 */
public record MemberPath(String text) {

    /** The request body itself. */
    public static final MemberPath ROOT = new MemberPath("");

    /** The member {@code name} (as the API spells it, e.g. {@code TableName}) of the object at this path. */
    public MemberPath member(String name) {
        String camel = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        return new MemberPath(text.isEmpty() ? camel : text + "." + camel);
    }

    /** The element at {@code index} (from 0) of the list at this path. */
    public MemberPath element(int index) {
        return new MemberPath(text + "." + (index + 1) + ".member");
    }

    @Override
    public String toString() {
        return text;
    }
}
