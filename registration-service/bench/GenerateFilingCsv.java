import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Writes a realistic filing CSV for the import benchmark (JDK only: run with `java GenerateFilingCsv.java`).
 *
 *   java GenerateFilingCsv.java <rows> <out.csv> [plateShare=0.6] [seed=17]
 *
 * Every row is valid: 17-character frame codes (70%) or 15-digit GB 17761 codes (30%), unique by
 * construction; resident ID numbers with Zhejiang region codes, real birth dates and the ISO 7064
 * MOD 11-2 check character (about 4% of owners have two bikes); mobile numbers; filing dates in
 * 2019-2023; a legacy transition plate (e.g. 浙AD12345) on plateShare of the rows.
 */
public class GenerateFilingCsv {

    static final String HEADER =
            "frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber";
    static final String[] BRANDS = {"雅迪", "爱玛", "台铃", "绿源", "新日", "小刀", "立马", "小牛", "哈啰", "无品牌"};
    static final String[] MODELS = {"TDT", "TDR", "DE", "XD", "LM", "N1S", "B70", "TQ"};
    static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
            "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "欧阳", "司马"};
    static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
            "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "华", "玉兰", "志强", "晓东", "海燕", "国庆"};
    static final String[] REGIONS = {"330102", "330105", "330106", "330108", "330109", "330110", "330111", "330112",
            "330113", "330114"};
    static final String[] MAKERS = {"1001", "1203", "2156", "3307", "4410", "5521", "6632", "7745"};
    static final String VIN = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static final char[] CHECK = "10X98765432".toCharArray();

    public static void main(String[] args) throws IOException {
        int rows = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        double plateShare = args.length > 2 ? Double.parseDouble(args[2]) : 0.6;
        Random random = new Random(args.length > 3 ? Long.parseLong(args[3]) : 17);
        LocalDate firstBirth = LocalDate.of(1950, 1, 1);
        LocalDate firstFiling = LocalDate.of(2019, 4, 1);
        int plates = 0;
        int owner = 0;
        String repeatId = null;
        String repeatName = null;
        String repeatPhone = null;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (int i = 0; i < rows; i++) {
                String frame;
                if (random.nextInt(10) < 3) {
                    // GB 17761: maker, type 2, year, 8-digit serial (unique: the row number)
                    frame = MAKERS[i % MAKERS.length] + "2" + (17 + i % 6) + String.format("%08d", i);
                } else {
                    StringBuilder s = new StringBuilder("L");
                    for (int k = 0; k < 8; k++) {
                        s.append(VIN.charAt(random.nextInt(VIN.length())));
                    }
                    String serial = Integer.toString(i, 33).toUpperCase();
                    StringBuilder tail = new StringBuilder();
                    for (char c : serial.toCharArray()) {
                        tail.append(VIN.charAt(Character.digit(c, 33)));
                    }
                    while (tail.length() < 8) {
                        tail.insert(0, '0');
                    }
                    frame = s.append(tail).toString();
                }
                String idNumber;
                String name;
                String phone;
                if (repeatId != null && random.nextInt(100) < 4) {
                    idNumber = repeatId;
                    name = repeatName;
                    phone = repeatPhone;
                } else {
                    // unique by construction: birth date and sequence derived from a running owner number
                    LocalDate birth = firstBirth.plusDays((owner / 1000) % 20000);
                    String first17 = REGIONS[owner % REGIONS.length] + birth.format(DateTimeFormatter.BASIC_ISO_DATE)
                            + String.format("%03d", owner % 1000);
                    idNumber = first17 + check(first17);
                    name = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)]
                            + (random.nextBoolean() ? GIVEN[random.nextInt(GIVEN.length)] : "");
                    phone = "1" + (3 + random.nextInt(7)) + String.format("%09d", (owner * 7919L) % 1_000_000_000L);
                    owner++;
                    repeatId = idNumber;
                    repeatName = name;
                    repeatPhone = phone;
                }
                String plate = "";
                if (random.nextDouble() < plateShare) {
                    plate = "浙A" + "DEFGHJKLMN".charAt(plates / 100000) + String.format("%05d", plates % 100000);
                    plates++;
                }
                w.write(frame);
                w.write(',');
                w.write("MT" + String.format("%010d", (i * 104729L) % 10_000_000_000L));
                w.write(',');
                w.write(BRANDS[random.nextInt(BRANDS.length)]);
                w.write(',');
                w.write(MODELS[random.nextInt(MODELS.length)] + "-" + (10 + random.nextInt(90)));
                w.write(',');
                w.write(random.nextInt(10) < 8 ? "LEAD_ACID" : "LITHIUM");
                w.write(',');
                w.write(name);
                w.write(',');
                w.write(idNumber);
                w.write(',');
                w.write(phone);
                w.write(',');
                w.write(firstFiling.plusDays(random.nextInt(1600)).toString());
                w.write(',');
                w.write(plate);
                w.write('\n');
            }
        }
        System.out.printf("wrote %d rows (%d distinct owners, %d plates) to %s (%d bytes)%n", rows, owner, plates, out,
                Files.size(out));
    }

    static char check(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }
}
