package org.qsfs.app.control;

import java.util.List;

/** What {@code POST /v1/versions} returns: the contents kept for {@code path}, oldest first, the current one last. */
public record VersionsDto(String path, List<VersionDto> versions) {
    public VersionsDto {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }
}
