package io.vnode.emulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}|true",
            "' { } '|true",
            "{\"bucket\":\"b\",\"url\":\"oss-cn-hangzhou.aliyuncs.com\"}|true",
            "{\"a\":[1,-2.5e3,true,false,null,{\"b\":\"\\u00e9\\n\"}]}|true",
            "''|false",
            "[]|false",
            "\"text\"|false",
            "bucket=b|false",
            "{\"a\":1}x|false",
            "{\"a\":1,}|false",
            "{\"a\"}|false",
            "{a:1}|false",
            "{\"a\":01}|false",
            "{\"a\":tru}|false",
            "{\"a\":\"\\x\"}|false",
            "{\"a\":\"unterminated}|false",
            "{\"a\":1}{}|false",
    })
    void isObject(String text, boolean object) {
        assertThat(JsonText.isObject(text)).isEqualTo(object);
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThat(JsonText.isObject(deep)).isFalse();
    }
}
