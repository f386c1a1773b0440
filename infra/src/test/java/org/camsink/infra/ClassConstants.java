package org.camsink.infra;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one class file refers to, read from its constant pool: the classes it names and the methods it calls
 * (owner and name). Enough to follow which classes a handler can reach and which SDK methods they call, without
 * loading or running anything.
 */
final class ClassConstants {
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w/$]+);");

    /** A method reference: the owner's internal name (a/b/C) and the method's name. */
    record MethodRef(String owner, String name) {
    }

    final Set<String> classes = new TreeSet<>();
    final List<MethodRef> methods = new ArrayList<>();

    static ClassConstants read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] utf8 = new Object[count];
        int[] classNameIndex = new int[count];
        int[][] memberRef = new int[count][];
        int[][] nameAndType = new int[count][];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9 -> {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                case 10, 11 -> memberRef[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 12 -> nameAndType[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 17, 18 -> {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        ClassConstants c = new ClassConstants();
        for (int i = 1; i < count; i++) {
            if (classNameIndex[i] != 0) {
                String name = (String) utf8[classNameIndex[i]];
                c.classes.add(name.startsWith("[") ? stripArray(name) : name);
            }
            if (utf8[i] instanceof String s && s.indexOf(';') > 0) {
                Matcher m = DESCRIPTOR_CLASS.matcher(s);
                while (m.find()) {
                    c.classes.add(m.group(1));
                }
            }
            if (memberRef[i] != null) {
                String owner = (String) utf8[classNameIndex[memberRef[i][0]]];
                String name = (String) utf8[nameAndType[memberRef[i][1]][0]];
                c.methods.add(new MethodRef(owner, name));
            }
        }
        return c;
    }

    private static String stripArray(String name) {
        Matcher m = DESCRIPTOR_CLASS.matcher(name);
        return m.find() ? m.group(1) : name;
    }
}
