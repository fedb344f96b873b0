// A landscape panel mounted upright (or upside down). The Raspberry Pi's KMS driver cannot turn
// the picture 90°, so the kiosk draws an upright picture and turns it onto the panel itself,
// and turns each touch back the other way. Degrees are clockwise, as SDL_RenderCopyEx counts.
#pragma once

namespace fbk::platform {

struct Point {
    float x = 0;
    float y = 0;
};

class PanelRotation {
  public:
    PanelRotation() = default;
    // `degrees`: 0, 90, 180 or 270; the panel's size in its own pixels.
    PanelRotation(int degrees, int panel_width, int panel_height)
        : degrees_(degrees), panel_width_(panel_width), panel_height_(panel_height) {}

    int degrees() const { return degrees_; }
    bool turned() const { return degrees_ != 0; }
    bool quarter_turn() const { return degrees_ == 90 || degrees_ == 270; }
    int panel_width() const { return panel_width_; }
    int panel_height() const { return panel_height_; }
    // The upright picture the UI lays out.
    int picture_width() const { return quarter_turn() ? panel_height_ : panel_width_; }
    int picture_height() const { return quarter_turn() ? panel_width_ : panel_height_; }

    // Where a point of the picture appears on the panel, and which picture point a touch on
    // the panel means.
    Point to_panel(Point p) const;
    Point to_picture(Point p) const;

  private:
    int degrees_ = 0;
    int panel_width_ = 0;
    int panel_height_ = 0;
};

}  // namespace fbk::platform
