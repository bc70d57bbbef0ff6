package dev.batchapi.local.dynamodb;

/** A key attribute of a table or an index: its name and its scalar type (S, N or B). */
record KeyAttribute(String name, String type) {

    boolean hasTypeOf(AttributeValue value) {
        return type.equals(value.type());
    }

    /** Since 2020 DynamoDB takes empty strings and binaries anywhere except in key attributes. */
    static boolean isEmpty(AttributeValue value) {
        return value instanceof AttributeValue.S s && s.value().isEmpty()
                || value instanceof AttributeValue.B b && b.value().length() == 0;
    }

    /** How DynamoDB's messages name an empty value of this attribute's type. */
    String emptyValueName() {
        return "B".equals(type) ? "empty binary value" : "empty string value";
    }
}
