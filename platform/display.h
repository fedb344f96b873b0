// The screen: SDL2 window and renderer, Dear ImGui context with its SDL2 platform backend (keys,
// text, display size) and SDL_Renderer backend (GLES2 on a Pi, GL on a desktop, software when
// headless), frame begin/end and PNG screenshots.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "platform/fonts.h"
#include "platform/pointer_input.h"

union SDL_Event;
struct SDL_Window;
struct SDL_Renderer;
struct SDL_Texture;

namespace fbk::platform {

// Keys a keypad, a keyboard or a headset's buttons send, as the kiosk's speech mode uses them.
enum class AssistKey { Next, Previous, Activate, Speech, Repeat, VolumeUp, VolumeDown };

struct DisplayOptions {
    // Offscreen video driver + software renderer: no display needed, identical pixels everywhere.
    bool headless = false;
    // A window instead of fullscreen, for development on a desktop.
    bool windowed = false;
    int width = 1280;  // used when headless or windowed
    int height = 800;
    // Degrees clockwise the picture is turned on the panel (0, 90, 180, 270): drawing and
    // touch are turned in the app, since the Pi's display driver cannot.
    int rotation = 0;
    std::string title = "Feedback Kiosk";
};

class Display {
  public:
    explicit Display(const DisplayOptions& options);
    ~Display();
    Display(const Display&) = delete;
    Display& operator=(const Display&) = delete;

    // Before load_fonts: where the glyphs its texts need are kept between starts.
    void keep_glyph_plan_in(std::filesystem::path file) {
        fonts_.keep_glyph_plan_in(std::move(file));
    }
    // Between frames; may be called again later to add sizes (the atlas is rebuilt).
    std::vector<FontSet> load_fonts(std::span<const std::string_view> texts,
                                    std::span<const FontSizes> sizes);

    // The upright picture the UI lays out (the panel's size turned by the rotation).
    int width() const { return panel_.picture_width(); }
    int height() const { return panel_.picture_height(); }
    const std::string& video_driver() const { return video_driver_; }

    struct Pumped {
        bool quit = false;        // window closed, SIGINT/SIGTERM
        bool redraw = false;      // something on screen may change
        bool user_input = false;  // a touch, click or key: the patient is there
        std::vector<AssistKey> keys;
        bool headset = false;  // a sound output was plugged in after start (e.g. a USB headset)
    };
    // Waits at most timeout_ms (0: not at all) for the first event, then takes every queued one.
    // Where SDL can block on the display connection (X11, Wayland) it does; on offscreen and
    // KMSDRM SDL_WaitEventTimeout polls every millisecond, so this sleeps in short steps.
    Pumped pump_events(std::int64_t timeout_ms);

    // A tap at picture coordinates, sent as the panel's real SDL finger events (down, then up)
    // through SDL's queue: the path a touchscreen's events take. Used by replay scripts.
    void push_tap(float x, float y);
    // One half of a touch: a finger put down (true) or lifted (false).
    void push_touch(float x, float y, bool down);
    // A finger that is down moving to (x, y): one SDL_FINGERMOTION, as a drag sends them.
    void push_touch_move(float x, float y);
    // A key press (down and up) as real SDL keyboard events; a sound device arriving.
    void push_key(AssistKey key);
    void push_headset();
    // Ends a pump_events wait early. Safe from any thread (SDL_PushEvent is).
    void wake();
    // Pointer transitions not yet given to ImGui (each needs a frame).
    bool input_pending() const { return pointer_.has_pending(); }
    // Drops touches not yet given to ImGui (see PointerInput::discard_pending).
    void discard_input() { pointer_.discard_pending(); }

    void begin_frame();
    // Clears to ImGui's style WindowBg colour (the UI's ground; its windows have no background
    // of their own) and renders ImGui's draw data; writes a PNG of the frame first if
    // `screenshot` is not empty.
    void end_frame(const std::filesystem::path& screenshot = {});
    // A black frame with no UI at all (the screen outside opening hours); PNG as end_frame.
    void present_blank(const std::filesystem::path& screenshot = {});

  private:
    void push_finger(float x, float y, std::uint32_t type);
    void write_png(const std::filesystem::path& file);
    void panel_resized();
    bool next_event(SDL_Event& event, std::int64_t timeout_ms);
    static std::set<std::string> audio_outputs();

    struct SdlSession;
    std::unique_ptr<SdlSession> sdl_;
    struct WindowDeleter {
        void operator()(SDL_Window* w) const;
    };
    struct RendererDeleter {
        void operator()(SDL_Renderer* r) const;
    };
    std::unique_ptr<SDL_Window, WindowDeleter> window_;
    std::unique_ptr<SDL_Renderer, RendererDeleter> renderer_;
    struct TextureDeleter {
        void operator()(SDL_Texture* t) const;
    };
    // The upright picture when it is turned onto the panel; null at 0 degrees.
    std::unique_ptr<SDL_Texture, TextureDeleter> picture_;
    int rotation_ = 0;
    PanelRotation panel_;
    FontLibrary fonts_;
    PointerInput pointer_;
    std::string video_driver_;
    bool can_block_on_events_ = false;
    std::int64_t poll_step_ms_ = 10;
    int width_ = 0;
    int height_ = 0;
    bool imgui_ready_ = false;
    bool audio_seen_ = false;
    std::set<std::string> known_outputs_;  // sound outputs present at the last look
};

}  // namespace fbk::platform
