#include "sync/hub/report/pdf_canvas.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <stdexcept>
#include <vector>

namespace fbk::sync::hub::report {

namespace {

// DejaVu Sans (fonts-dejavu-core) has the signs the report prints (− ≥ ± –) besides Latin,
// Nordic and Cyrillic letters; cairo's toy font API has no fallback for a missing glyph.
constexpr const char* kFontFamily = "DejaVu Sans";

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(' ', start), text.size());
        if (end > start) {
            out.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return out;
}

}  // namespace

PdfCanvas::PdfCanvas(std::string title)
    : title_(std::move(title)),
      surface_(cairo_pdf_surface_create_for_stream(append_bytes, &bytes_, kWidth, kHeight),
               cairo_surface_destroy),
      cr_(nullptr, cairo_destroy) {
    if (cairo_surface_status(surface_.get()) != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error("cairo: cannot create a PDF surface");
    }
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, title_.c_str());
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR,
                                   "Feedback Kiosk hub");
    cr_.reset(cairo_create(surface_.get()));
}

PdfCanvas::~PdfCanvas() = default;

void PdfCanvas::need(double height) {
    if (y + height > kHeight - kMargin) {
        new_page();
    }
}

void PdfCanvas::footer() {
    font(7.5);
    text(left(), kHeight - kMargin / 2, title_, kMuted);
    text_right(right(), kHeight - kMargin / 2, "page " + std::to_string(page_), kMuted);
}

void PdfCanvas::new_page() {
    footer();
    cairo_show_page(cr_.get());
    ++page_;
    y = kMargin;
}

void PdfCanvas::font(double size, bool bold) {
    cairo_select_font_face(cr_.get(), kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_.get(), size);
}

double PdfCanvas::text_width(std::string_view text) {
    const std::string s(text);
    cairo_text_extents_t extents;
    cairo_text_extents(cr_.get(), s.c_str(), &extents);
    return extents.x_advance;
}

double PdfCanvas::text(double x, double baseline, std::string_view text, Colour c) {
    const std::string s(text);
    cairo_set_source_rgb(cr_.get(), c.r, c.g, c.b);
    cairo_move_to(cr_.get(), x, baseline);
    cairo_show_text(cr_.get(), s.c_str());
    return text_width(text);
}

void PdfCanvas::text_right(double right_x, double baseline, std::string_view t, Colour c) {
    text(right_x - text_width(t), baseline, t, c);
}

void PdfCanvas::paragraph(std::string_view t, double size, Colour c, double width) {
    font(size);
    const double leading = size * 1.35;
    std::string line_text;
    const auto flush = [&] {
        need(leading);
        text(left(), y + size, line_text, c);
        y += leading;
        line_text.clear();
    };
    for (const std::string_view word : words_of(t)) {
        const std::string candidate =
            line_text.empty() ? std::string(word) : line_text + " " + std::string(word);
        if (!line_text.empty() && text_width(candidate) > width) {
            flush();
            line_text = std::string(word);
        } else {
            line_text = candidate;
        }
    }
    if (!line_text.empty()) {
        flush();
    }
}

void PdfCanvas::line(double x1, double y1, double x2, double y2, double width, Colour c) {
    cairo_set_source_rgb(cr_.get(), c.r, c.g, c.b);
    cairo_set_line_width(cr_.get(), width);
    cairo_move_to(cr_.get(), x1, y1);
    cairo_line_to(cr_.get(), x2, y2);
    cairo_stroke(cr_.get());
}

void PdfCanvas::box(double x, double top, double w, double h, Colour fill) {
    cairo_set_source_rgb(cr_.get(), fill.r, fill.g, fill.b);
    cairo_rectangle(cr_.get(), x, top, w, h);
    cairo_fill(cr_.get());
}

void PdfCanvas::circle(double x, double cy, double radius, Colour c, bool filled) {
    cairo_new_sub_path(cr_.get());
    cairo_arc(cr_.get(), x, cy, radius, 0, 6.283185307179586);
    cairo_set_source_rgb(cr_.get(), c.r, c.g, c.b);
    if (filled) {
        cairo_fill(cr_.get());
    } else {
        cairo_set_line_width(cr_.get(), 1.2);
        cairo_stroke(cr_.get());
    }
}

std::string PdfCanvas::finish() {
    footer();
    cairo_show_page(cr_.get());
    cr_.reset();
    cairo_surface_finish(surface_.get());
    if (cairo_surface_status(surface_.get()) != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error("cairo: the PDF could not be written");
    }
    surface_.reset();
    return std::move(bytes_);
}

}  // namespace fbk::sync::hub::report
