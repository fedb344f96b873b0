// A printable page flow on cairo's PDF surface (libcairo2): A4 pages, text in DejaVu Sans
// (cairo's toy font API through fontconfig: Latin, Nordic and Cyrillic text need no shaping),
// lines, boxes and circles, and a cursor that moves down the page and starts a new one when
// what comes next does not fit. The document is kept in memory; a monthly report is a few
// pages.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct _cairo;
struct _cairo_surface;

namespace fbk::sync::hub::report {

struct Colour {
    double r = 0;
    double g = 0;
    double b = 0;
};
inline constexpr Colour kInk{0.11, 0.15, 0.19};
inline constexpr Colour kMuted{0.34, 0.38, 0.44};
inline constexpr Colour kAccent{0.11, 0.36, 0.59};
inline constexpr Colour kAccentSoft{0.84, 0.89, 0.95};
inline constexpr Colour kAlert{0.63, 0.11, 0.11};
inline constexpr Colour kOk{0.12, 0.42, 0.23};
inline constexpr Colour kLine{0.87, 0.89, 0.91};

class PdfCanvas {
  public:
    static constexpr double kWidth = 595.276;  // A4 in points
    static constexpr double kHeight = 841.89;
    static constexpr double kMargin = 48;

    // `title` goes into the PDF's metadata and each page's footer.
    explicit PdfCanvas(std::string title);
    ~PdfCanvas();
    PdfCanvas(const PdfCanvas&) = delete;
    PdfCanvas& operator=(const PdfCanvas&) = delete;

    // The cursor: the top of the next thing to draw, in points from the page's top.
    double y = kMargin;
    double left() const { return kMargin; }
    double right() const { return kWidth - kMargin; }
    // Starts a new page unless `height` more points fit on this one.
    void need(double height);
    void new_page();

    void font(double size, bool bold = false);
    double text_width(std::string_view text);
    // Draws `text` with its baseline at y; returns its width.
    double text(double x, double baseline, std::string_view text, Colour colour = kInk);
    void text_right(double right_x, double baseline, std::string_view text, Colour colour = kInk);
    // Words wrapped to `width` from the cursor down; moves the cursor below them.
    void paragraph(std::string_view text, double size, Colour colour = kInk,
                   double width = kWidth - 2 * kMargin);

    void line(double x1, double y1, double x2, double y2, double width, Colour colour);
    void box(double x, double y, double w, double h, Colour fill);
    void circle(double x, double y, double radius, Colour colour, bool filled);

    // Ends the document and returns the PDF's bytes.
    std::string finish();

  private:
    void footer();

    std::string title_;
    std::string bytes_;
    int page_ = 1;
    std::unique_ptr<_cairo_surface, void (*)(_cairo_surface*)> surface_;
    std::unique_ptr<_cairo, void (*)(_cairo*)> cr_;
};

}  // namespace fbk::sync::hub::report
