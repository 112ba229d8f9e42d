#include "libyaml_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int64_t libyaml_scan_events(const unsigned char *bytes, size_t length) {
    yaml_parser_t parser;
    yaml_event_t event;
    int64_t count = 0;
    if (!yaml_parser_initialize(&parser)) return -1;
    yaml_parser_set_input_string(&parser, bytes, length);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            count = -1;
            break;
        }
        yaml_event_type_t type = event.type;
        yaml_event_delete(&event);
        count++;
        if (type == YAML_STREAM_END_EVENT) break;
    }
    yaml_parser_delete(&parser);
    return count;
}

int64_t libyaml_scan_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) return -1;
    if (fseek(file, 0, SEEK_END) != 0) { fclose(file); return -1; }
    long size = ftell(file);
    if (size < 0 || fseek(file, 0, SEEK_SET) != 0) { fclose(file); return -1; }
    unsigned char *buffer = malloc((size_t)size + 1);
    if (!buffer) { fclose(file); return -1; }
    size_t got = fread(buffer, 1, (size_t)size, file);
    fclose(file);
    int64_t count = got == (size_t)size ? libyaml_scan_events(buffer, got) : -1;
    free(buffer);
    return count;
}
