package dev.sandboxemulator.emulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A template-to-image mapping is checked where it is written, on every backend, not when a container first starts. */
class TemplateImageMappingTest {

    @Test
    void anImageReferenceIsAccepted() {
        assertThatCode(() -> SandboxEmulator.builder().templateImage("python", "python:3.12-slim")
                .templateImage("pinned", "registry.example:5000/team/img@sha256:0123abcd")).doesNotThrowAnyException();
    }

    @Test
    void aBlankOrSpacedImageIsRejectedNamingTheTemplate() {
        assertThatThrownBy(() -> SandboxEmulator.builder().templateImage("base", "not an image"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("template 'base'").hasMessageContaining("'not an image'");
        assertThatThrownBy(() -> SandboxEmulator.builder().templateImage("base", " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlankOrSpacedTemplateIdIsRejected() {
        assertThatThrownBy(() -> SandboxEmulator.builder().templateImage("my template", "python:3.12"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'my template'");
    }
}
