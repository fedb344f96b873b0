// The SDL window, renderer and event pump, and Dear ImGui's backends. Long because this is the
// one file where SDL and ImGui's platform layer meet, so that no other file sees an SDL type.
#include "platform/display.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace fbk::platform {

namespace {

std::optional<AssistKey> assist_key(const SDL_Keysym& key) {
    switch (key.sym) {
        case SDLK_DOWN:
        case SDLK_RIGHT:
        case SDLK_KP_2:
        case SDLK_KP_6:
            return AssistKey::Next;
        case SDLK_TAB:
            return (key.mod & KMOD_SHIFT) != 0 ? AssistKey::Previous : AssistKey::Next;
        case SDLK_UP:
        case SDLK_LEFT:
        case SDLK_KP_8:
        case SDLK_KP_4:
            return AssistKey::Previous;
        case SDLK_RETURN:
        case SDLK_KP_ENTER:
        case SDLK_KP_5:
            return AssistKey::Activate;
        case SDLK_F1:
        case SDLK_HELP:
            return AssistKey::Speech;
        case SDLK_F2:
        case SDLK_KP_0:
            return AssistKey::Repeat;
        case SDLK_VOLUMEUP:
        case SDLK_KP_PLUS:
            return AssistKey::VolumeUp;
        case SDLK_VOLUMEDOWN:
        case SDLK_KP_MINUS:
            return AssistKey::VolumeDown;
        default:
            return std::nullopt;
    }
}

[[noreturn]] void throw_sdl(const std::string& what) {
    throw std::runtime_error(what + ": " + SDL_GetError());
}

}  // namespace

// SDL_Init/SDL_Quit pair.
struct Display::SdlSession {
    SdlSession() {
        if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
            throw_sdl("cannot start SDL video (no display? try --headless)");
        }
    }
    ~SdlSession() { SDL_Quit(); }
    SdlSession(const SdlSession&) = delete;
    SdlSession& operator=(const SdlSession&) = delete;
};

void Display::WindowDeleter::operator()(SDL_Window* w) const {
    SDL_DestroyWindow(w);
}
void Display::RendererDeleter::operator()(SDL_Renderer* r) const {
    SDL_DestroyRenderer(r);
}
void Display::TextureDeleter::operator()(SDL_Texture* t) const {
    SDL_DestroyTexture(t);
}

void Display::panel_resized() {
    panel_ = PanelRotation(rotation_, width_, height_);
    picture_.reset();
    if (!panel_.turned()) {
        return;
    }
    picture_.reset(SDL_CreateTexture(renderer_.get(), SDL_PIXELFORMAT_ARGB8888,
                                     SDL_TEXTUREACCESS_TARGET, panel_.picture_width(),
                                     panel_.picture_height()));
    if (!picture_) {
        throw_sdl("cannot create the picture to turn onto the panel");
    }
    SDL_SetTextureBlendMode(picture_.get(), SDL_BLENDMODE_NONE);  // copied, not blended
}

Display::Display(const DisplayOptions& options) {
    if (options.headless) {
        // OVERRIDE: a plain hint loses to the environment, and the kiosk's unit sets
        // SDL_VIDEODRIVER=kmsdrm; --headless must win over it (the boot test runs that way).
        SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "offscreen", SDL_HINT_OVERRIDE);
        SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "software", SDL_HINT_OVERRIDE);
        // Without this SDL loads Mesa for the offscreen framebuffer: 120 MB RSS instead of 27.
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_OVERRIDE);
    }
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    sdl_ = std::make_unique<SdlSession>();
    if (!options.headless) {
        // Audio's device list from the start, on this thread, so that a headset plugged in
        // later is told apart from the outputs already there. No sound card is not an error.
        SDL_InitSubSystem(SDL_INIT_AUDIO);
    }
    video_driver_ = SDL_GetCurrentVideoDriver();
    can_block_on_events_ = video_driver_ == "x11" || video_driver_ == "wayland";
    // Headless there is no input to wait for, only timers and signals; on KMSDRM touches must be
    // noticed quickly.
    poll_step_ms_ = video_driver_ == "kmsdrm" ? 10 : 100;

    Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
    const bool fullscreen = !options.headless && !options.windowed;
    if (fullscreen) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    window_.reset(SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED,
                                   SDL_WINDOWPOS_CENTERED, options.width, options.height, flags));
    if (!window_) {
        throw_sdl("cannot create the window");
    }
    const Uint32 renderer_flags = options.headless
                                      ? SDL_RENDERER_SOFTWARE
                                      : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
    renderer_.reset(SDL_CreateRenderer(window_.get(), -1, renderer_flags));
    if (!renderer_ && !options.headless) {
        renderer_.reset(SDL_CreateRenderer(window_.get(), -1, SDL_RENDERER_SOFTWARE));
    }
    if (!renderer_) {
        throw_sdl("cannot create a renderer");
    }
    SDL_GetRendererOutputSize(renderer_.get(), &width_, &height_);
    rotation_ = options.rotation;
    panel_resized();
    if (fullscreen) {
        SDL_ShowCursor(SDL_DISABLE);
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini: the root file system is read-only on a kiosk
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    ImGui_ImplSDL2_InitForSDLRenderer(window_.get());
    ImGui_ImplSDLRenderer_Init(renderer_.get());
    imgui_ready_ = true;
}

Display::~Display() {
    if (imgui_ready_) {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
}

std::vector<FontSet> Display::load_fonts(std::span<const std::string_view> texts,
                                         std::span<const FontSizes> sizes) {
    auto sets = fonts_.load(texts, sizes);
    // Fonts added after the first frame: the next frame bakes the atlas again and uploads it.
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    return sets;
}

bool Display::next_event(SDL_Event& event, std::int64_t timeout_ms) {
    if (SDL_PollEvent(&event) == 1) {
        return true;
    }
    if (timeout_ms <= 0) {
        return false;
    }
    if (can_block_on_events_) {
        const int ms = static_cast<int>(std::min<std::int64_t>(timeout_ms, 1'000'000));
        return SDL_WaitEventTimeout(&event, ms) == 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(timeout_ms, poll_step_ms_)));
    return SDL_PollEvent(&event) == 1;
}

Display::Pumped Display::pump_events(std::int64_t timeout_ms) {
    Pumped result;
    if (!audio_seen_ && SDL_WasInit(SDL_INIT_AUDIO) != 0) {
        // Audio has started: the outputs present now are not "plugged in".
        audio_seen_ = true;
        known_outputs_ = audio_outputs();
    }
    SDL_Event event;
    std::int64_t wait = timeout_ms;
    while (next_event(event, wait)) {
        wait = 0;
        if (event.type == SDL_QUIT) {
            result.quit = true;
            continue;
        }
        if (event.type == SDL_USEREVENT) {
            continue;  // wake(): the loop looks at what another thread left for it
        }
        if (pointer_.handle(event, panel_)) {
            const bool transition = event.type == SDL_FINGERDOWN || event.type == SDL_FINGERUP ||
                                    event.type == SDL_MOUSEBUTTONDOWN ||
                                    event.type == SDL_MOUSEBUTTONUP;
            result.redraw |= transition;
            result.user_input |= transition;
            continue;
        }
        if (event.type == SDL_AUDIODEVICEADDED || event.type == SDL_AUDIODEVICEREMOVED) {
            // SDL announces every device present when audio starts, too: only an output that
            // was not there at the last look has been plugged in. A removal refreshes the list,
            // so the same headset plugged in again counts again.
            if (event.adevice.iscapture == 0) {
                auto now_present = audio_outputs();
                if (event.type == SDL_AUDIODEVICEADDED) {
                    const char* name =
                        SDL_GetAudioDeviceName(static_cast<int>(event.adevice.which), 0);
                    const std::string added = name != nullptr ? name : "(new output)";
                    if (!known_outputs_.contains(added)) {
                        result.headset = true;
                        result.redraw = true;
                    }
                    now_present.insert(added);
                }
                known_outputs_ = std::move(now_present);
            }
            continue;
        }
        if (event.type == SDL_KEYDOWN && event.key.repeat == 0) {
            if (const auto key = assist_key(event.key.keysym)) {
                result.keys.push_back(*key);
            }
        }
        ImGui_ImplSDL2_ProcessEvent(&event);
        if (event.type == SDL_KEYDOWN || event.type == SDL_KEYUP || event.type == SDL_TEXTINPUT) {
            result.redraw = true;
            result.user_input = true;
        } else if (event.type == SDL_WINDOWEVENT) {
            if (event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                SDL_GetRendererOutputSize(renderer_.get(), &width_, &height_);
                panel_resized();
            }
            result.redraw = true;
        } else if (event.type == SDL_RENDER_TARGETS_RESET ||
                   event.type == SDL_RENDER_DEVICE_RESET) {
            result.redraw = true;
        }
    }
    return result;
}

void Display::push_key(AssistKey key) {
    SDL_Keycode code = SDLK_RETURN;
    switch (key) {
        case AssistKey::Next:
            code = SDLK_DOWN;
            break;
        case AssistKey::Previous:
            code = SDLK_UP;
            break;
        case AssistKey::Activate:
            code = SDLK_RETURN;
            break;
        case AssistKey::Speech:
            code = SDLK_F1;
            break;
        case AssistKey::Repeat:
            code = SDLK_F2;
            break;
        case AssistKey::VolumeUp:
            code = SDLK_VOLUMEUP;
            break;
        case AssistKey::VolumeDown:
            code = SDLK_VOLUMEDOWN;
            break;
    }
    for (const Uint32 type : {SDL_KEYDOWN, SDL_KEYUP}) {
        SDL_Event event{};
        event.type = type;
        event.key.windowID = SDL_GetWindowID(window_.get());
        event.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
        event.key.keysym.sym = code;
        event.key.keysym.scancode = SDL_GetScancodeFromKey(code);
        event.key.timestamp = SDL_GetTicks();
        if (SDL_PushEvent(&event) < 0) {
            throw_sdl("cannot queue a key event");
        }
    }
}

std::set<std::string> Display::audio_outputs() {
    std::set<std::string> names;
    if (SDL_WasInit(SDL_INIT_AUDIO) != 0) {
        for (int i = 0; i < SDL_GetNumAudioDevices(0); ++i) {
            if (const char* name = SDL_GetAudioDeviceName(i, 0)) {
                names.insert(name);
            }
        }
    }
    return names;
}

void Display::wake() {
    SDL_Event event{};
    event.type = SDL_USEREVENT;
    SDL_PushEvent(&event);  // a full queue wakes the loop as well
}

void Display::push_headset() {
    SDL_Event event{};
    event.type = SDL_AUDIODEVICEADDED;
    event.adevice.which = 99;
    event.adevice.iscapture = 0;
    event.adevice.timestamp = SDL_GetTicks();
    if (SDL_PushEvent(&event) < 0) {
        throw_sdl("cannot queue a device event");
    }
}

void Display::push_tap(float x, float y) {
    push_touch(x, y, true);
    push_touch(x, y, false);
}

void Display::push_touch(float x, float y, bool down) {
    push_finger(x, y, down ? SDL_FINGERDOWN : SDL_FINGERUP);
}

void Display::push_touch_move(float x, float y) {
    push_finger(x, y, SDL_FINGERMOTION);
}

void Display::push_finger(float x, float y, std::uint32_t type) {
    SDL_Event event{};
    event.tfinger.touchId = 1;
    event.tfinger.fingerId = 1;
    const Point on_panel = panel_.to_panel({x, y});
    event.tfinger.x = on_panel.x / static_cast<float>(width_);
    event.tfinger.y = on_panel.y / static_cast<float>(height_);
    event.tfinger.pressure = 1.0f;
    event.tfinger.windowID = SDL_GetWindowID(window_.get());
    event.type = type;
    event.tfinger.pressure = type == SDL_FINGERUP ? 0.0f : 1.0f;
    event.tfinger.timestamp = SDL_GetTicks();
    if (SDL_PushEvent(&event) < 0) {
        throw_sdl("cannot queue a touch event");
    }
}

void Display::begin_frame() {
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    if (panel_.turned()) {
        // The backend measured the window (the panel); the UI lays out the upright picture.
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(static_cast<float>(panel_.picture_width()),
                                static_cast<float>(panel_.picture_height()));
        io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    }
    pointer_.apply_to_imgui();  // after the backend, which overwrites the mouse from SDL's state
    ImGui::NewFrame();
}

namespace {

// The picture's ground: ImGui's window background colour, which the UI sets and draws its
// windows without. A clear is a fill; the same colour drawn as a window is a blended rectangle
// over every pixel, a third of a frame's time in SDL's software renderer at 1920x1080.
void clear_to_ground(SDL_Renderer* r) {
    const ImVec4 ground = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    const auto channel = [](float c) {
        return static_cast<Uint8>(std::lround(std::clamp(c, 0.0f, 1.0f) * 255));
    };
    SDL_SetRenderDrawColor(r, channel(ground.x), channel(ground.y), channel(ground.z), 255);
    SDL_RenderClear(r);
}

}  // namespace

void Display::end_frame(const std::filesystem::path& screenshot) {
    ImGui::Render();
    SDL_Renderer* r = renderer_.get();
    if (picture_) {
        SDL_SetRenderTarget(r, picture_.get());
        clear_to_ground(r);
        ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
        SDL_SetRenderTarget(r, nullptr);
        SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
        SDL_RenderClear(r);
        // Centred so that turning it about its centre covers the panel exactly.
        const SDL_Rect where{(width_ - panel_.picture_width()) / 2,
                             (height_ - panel_.picture_height()) / 2, panel_.picture_width(),
                             panel_.picture_height()};
        if (SDL_RenderCopyEx(r, picture_.get(), nullptr, &where, panel_.degrees(), nullptr,
                             SDL_FLIP_NONE) != 0) {
            throw_sdl("cannot turn the picture onto the panel");
        }
    } else {
        clear_to_ground(r);
        ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    }
    if (!screenshot.empty()) {
        write_png(screenshot);  // before present: the back buffer is undefined afterwards
    }
    SDL_RenderPresent(renderer_.get());
}

void Display::present_blank(const std::filesystem::path& screenshot) {
    SDL_SetRenderDrawColor(renderer_.get(), 0, 0, 0, 255);
    SDL_RenderClear(renderer_.get());
    if (!screenshot.empty()) {
        write_png(screenshot);
    }
    SDL_RenderPresent(renderer_.get());
}

void Display::write_png(const std::filesystem::path& file) {
    const int pitch = width_ * 4;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(pitch) *
                                      static_cast<std::size_t>(height_));
    // ABGR8888 is R, G, B, A in memory on little-endian machines: what PNG wants.
    if (SDL_RenderReadPixels(renderer_.get(), nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(),
                             pitch) != 0) {
        throw_sdl("cannot read back the frame for " + file.string());
    }
    std::filesystem::create_directories(file.parent_path());
    if (stbi_write_png(file.c_str(), width_, height_, 4, pixels.data(), pitch) == 0) {
        throw std::runtime_error("cannot write " + file.string());
    }
}

}  // namespace fbk::platform
